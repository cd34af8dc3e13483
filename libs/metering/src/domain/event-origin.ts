/**
 * Does a message come from where its data says? The NATS subject must be
 * `usage.v1.<operatorId>.<datacenterId>` and the CloudEvents source
 * `agent://<operatorId>/<datacenterId>/<nodeId>`, naming the ids of `data`. Otherwise one
 * operator's agent could report usage on another operator's rentals and be paid for it.
 */

const SUBJECT_PREFIX = 'usage.v1.';
const SOURCE_PREFIX = 'agent://';

/**
 * `subject === "usage.v1." + operatorId + "." + datacenterId` with each id exactly one token,
 * without building the string. The token test matters: operator `a.b` in datacenter `c` and
 * operator `a` in datacenter `b.c` would otherwise both claim subject `usage.v1.a.b.c`.
 */
export function subjectNames(subject: string, operatorId: string, datacenterId: string): boolean {
  const dot = SUBJECT_PREFIX.length + operatorId.length;
  return (
    subject.length === dot + 1 + datacenterId.length &&
    subject.startsWith(SUBJECT_PREFIX) &&
    subject.startsWith(operatorId, SUBJECT_PREFIX.length) &&
    subject.startsWith(datacenterId, dot + 1) &&
    subject.indexOf('.', SUBJECT_PREFIX.length) === dot &&
    subject.indexOf('.', dot + 1) === -1
  );
}

/** `source === "agent://" + operatorId + "/" + datacenterId + "/" + nodeId`, each one path segment. */
export function sourceNames(source: string, operatorId: string, datacenterId: string, nodeId: string): boolean {
  const slash1 = SOURCE_PREFIX.length + operatorId.length;
  const slash2 = slash1 + 1 + datacenterId.length;
  return (
    source.length === slash2 + 1 + nodeId.length &&
    source.startsWith(SOURCE_PREFIX) &&
    source.startsWith(operatorId, SOURCE_PREFIX.length) &&
    source.startsWith(datacenterId, slash1 + 1) &&
    source.startsWith(nodeId, slash2 + 1) &&
    source.indexOf('/', SOURCE_PREFIX.length) === slash1 &&
    source.indexOf('/', slash1 + 1) === slash2 &&
    source.indexOf('/', slash2 + 1) === -1
  );
}

interface NamedIds {
  operatorId: string;
  datacenterId: string;
  nodeId: string;
}

/**
 * Why the subject or source does not name the event's operator, datacenter and node. Runs
 * only for rejected events, so it may split strings freely.
 */
export function originMismatchDetail(subject: string, source: string, data: NamedIds): string {
  if (!subjectNames(subject, data.operatorId, data.datacenterId)) return subjectProblem(subject, data);
  if (!sourceNames(source, data.operatorId, data.datacenterId, data.nodeId)) return sourceProblem(source, data);
  return 'subject and source name the event';
}

function subjectProblem(subject: string, data: NamedIds): string {
  const form = `subject ${subject} is not of the form usage.v1.<operatorId>.<datacenterId>`;
  const tokens = subject.split('.');
  if (tokens.length !== 4 || tokens[0] !== 'usage' || tokens[1] !== 'v1') {
    const dotted = idsContaining(data, ['operatorId', 'datacenterId'], '.');
    return dotted ? `${form}: ${dotted}` : form;
  }
  return (
    differences('subject', [
      ['operator', tokens[2], 'operatorId', data.operatorId],
      ['datacenter', tokens[3], 'datacenterId', data.datacenterId],
    ]) || form
  );
}

function sourceProblem(source: string, data: NamedIds): string {
  const form = `source ${source} is not of the form agent://<operatorId>/<datacenterId>/<nodeId>`;
  const segments = source.startsWith(SOURCE_PREFIX) ? source.slice(SOURCE_PREFIX.length).split('/') : [];
  if (segments.length !== 3) {
    const slashed = idsContaining(data, ['operatorId', 'datacenterId', 'nodeId'], '/');
    return slashed ? `${form}: ${slashed}` : form;
  }
  return (
    differences('source', [
      ['operator', segments[0], 'operatorId', data.operatorId],
      ['datacenter', segments[1], 'datacenterId', data.datacenterId],
      ['node', segments[2], 'nodeId', data.nodeId],
    ]) || form
  );
}

function differences(where: string, pairs: Array<[string, string, string, string]>): string {
  return pairs
    .filter(([, named, , actual]) => named !== actual)
    .map(([noun, named, field, actual]) => `${where} names ${noun} ${named} but data.${field} is ${actual}`)
    .join('; ');
}

function idsContaining(data: NamedIds, fields: Array<keyof NamedIds>, separator: string): string {
  return fields
    .filter((field) => data[field].includes(separator))
    .map((field) => `data.${field} ${data[field]} contains "${separator}"`)
    .join('; ');
}
