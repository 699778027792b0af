export * from './cluster-access';
export * from './policy-rule';
export * from './priority-class';
export * from './quantity';
export * from './quota';
export * from './role-binding';
export * from './subject';
export * from './tenant';
