/** Kubernetes labels, by key. */
export type Labels = Readonly<Record<string, string>>;
