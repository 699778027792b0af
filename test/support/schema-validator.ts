/**
 * The product's strict validator (lib/schema) over the reference data in ../shared:
 * the Kubernetes v1.35 OpenAPI documents, the upstream CRDs and the component-config
 * schemas. One validator per jest module registry, so compiled schemas are reused.
 */
import * as path from 'path';
import { createSchemaValidator, type SchemaProblem } from '../../lib/schema';

export type { SchemaProblem };

const SHARED_DIR = path.resolve(__dirname, '../../../shared');

/** The reference OpenAPI documents the tests validate against. */
export const SHARED_OPENAPI_DIR = path.join(SHARED_DIR, 'k8s-openapi', 'v1.35');
/** The upstream CRDs the tests validate custom resources against. */
export const SHARED_CRD_DIR = path.join(SHARED_DIR, 'crds');

const validator = createSchemaValidator({
  openApiDir: SHARED_OPENAPI_DIR,
  crdPaths: [SHARED_CRD_DIR],
  configSchemaDir: path.join(SHARED_DIR, 'config-schemas', 'schemas'),
});

export const validateK8sObject = (obj: unknown): SchemaProblem[] => validator.validateObject(obj);
export const assertAllValid = (objects: readonly unknown[]): void => validator.assertAllValid(objects);
export const knownKinds = (): ReadonlySet<string> => validator.knownKinds();
export const validateConfigDocument = (doc: unknown): SchemaProblem[] => validator.validateConfigDocument(doc);
export const assertConfigValid = (docs: readonly unknown[]): void => validator.assertConfigValid(docs);
