export * from './domain/lifecycle';
export * from './domain/root-cause';
export * from './domain/loss';
export * from './domain/chargeback-rate';
export * from './domain/evidence';
export * from './domain/errors';
export * from './ports';
export * from './disputes.service';
export * from './disputes.module';
export * from './disputes.manifest';
export { renderEvidencePdf } from './evidence/render-evidence-pdf';
/** For tests and checks: the text a rendered evidence PDF says. */
export { pdfText } from './evidence/pdf-text';
