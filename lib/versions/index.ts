// The one place that pins versions and images of everything clusterforge deploys.
// Each concern keeps its pins in its own file here; constructs never hard-code an image.
export * from './image';
export * from './networking';
export * from './storage';
export * from './control-plane';
export * from './logging';
export * from './node';
export * from './ingress';
export * from './backup';
export * from './monitoring';
export * from './upgrade';
