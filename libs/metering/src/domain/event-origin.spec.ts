import { originMismatchDetail, sourceNames, subjectNames } from './event-origin';

describe('subjectNames', () => {
  it.each<[string, string, string, boolean]>([
    ['usage.v1.op-42.dc-fra-1', 'op-42', 'dc-fra-1', true],
    ['usage.v1.op-42.dc-fra-2', 'op-42', 'dc-fra-1', false],
    ['usage.v1.op-4.dc-fra-1', 'op-42', 'dc-fra-1', false],
    ['usage.v1.op-42.dc-fra-1.x', 'op-42', 'dc-fra-1', false],
    ['usage.v1.op-42', 'op-42', 'dc-fra-1', false],
    ['usage.v2.op-42.dc-fra-1', 'op-42', 'dc-fra-1', false],
    ['xusage.v1.op-42.dc-fra-1', 'op-42', 'dc-fra-1', false],
    ['usage.v1.a.b.c', 'a.b', 'c', false],
    ['usage.v1.a.b.c', 'a', 'b.c', false],
    ['', 'op-42', 'dc-fra-1', false],
  ])('%s names operator %s in %s: %p', (subject, operatorId, datacenterId, expected) => {
    expect(subjectNames(subject, operatorId, datacenterId)).toBe(expected);
  });
});

describe('sourceNames', () => {
  it.each<[string, boolean]>([
    ['agent://op-42/dc-fra-1/node-17', true],
    ['agent://op-42/dc-fra-1/node-1', false],
    ['agent://op-42/dc-fra-1/node-17/', false],
    ['agent://op-42/dc-fra-1/node-17/gpu-0', false],
    ['agent://op-42/dc-fra-1', false],
    ['agent:/op-42/dc-fra-1/node-17', false],
    ['Agent://op-42/dc-fra-1/node-17', false],
    ['agent://op-42//dc-fra-1/node-17', false],
    ['agent://op-42/dc-fra-1/node-17?x', false],
  ])('%s names op-42/dc-fra-1/node-17: %p', (source, expected) => {
    expect(sourceNames(source, 'op-42', 'dc-fra-1', 'node-17')).toBe(expected);
  });

  it('refuses ids that would split into other path segments', () => {
    expect(sourceNames('agent://a/b/c/d', 'a/b', 'c', 'd')).toBe(false);
    expect(sourceNames('agent://a/b/c/d', 'a', 'b/c', 'd')).toBe(false);
  });
});

describe('originMismatchDetail', () => {
  const data = { operatorId: 'op-42', datacenterId: 'dc-fra-1', nodeId: 'node-17' };

  it('reports the subject before the source', () => {
    expect(originMismatchDetail('usage.v1.op-1.dc-fra-1', 'agent://op-1/dc-fra-1/node-17', data)).toBe(
      'subject names operator op-1 but data.operatorId is op-42',
    );
  });

  it('names an id that cannot be one path segment', () => {
    const slashed = { ...data, nodeId: 'rack-3/node-17' };
    expect(originMismatchDetail('usage.v1.op-42.dc-fra-1', 'agent://op-42/dc-fra-1/rack-3/node-17', slashed)).toBe(
      'source agent://op-42/dc-fra-1/rack-3/node-17 is not of the form agent://<operatorId>/<datacenterId>/<nodeId>: ' +
        'data.nodeId rack-3/node-17 contains "/"',
    );
  });
});
