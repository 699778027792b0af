export { TlsVersion } from './hardening';
export type { HardeningProps } from './hardening';
export * from './security-props';
export { AdmissionPlugin } from './admission';
export type { PodSecurityDefaultsProps, AdmissionProps } from './admission';
export type { AuditProps } from './audit';
export { EncryptionProviderType, EncryptionProvider } from './encryption-at-rest';
export type { LocalKeyOptions, KmsV2Options, EncryptionAtRestProps } from './encryption-at-rest';
export type { OidcProps, AuthenticationProps, AuthorizationProps } from './authentication';
