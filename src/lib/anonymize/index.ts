/** Address anonymisation for exports: src/lib/anonymize/anonymizer.ts is the entry point. */
export { Anonymizer, type AnonymizeOptions } from './anonymizer.ts'
export { PrefixPreservingMap } from './prefix-preserving.ts'
export { formatIPv4, formatIPv6, formatMac, parseIPv4, parseIPv6, parseMac } from './address-text.ts'
export { rewriteFrameAddresses } from './frame-rewrite.ts'
