import { classifyAddress, type AddressClass } from './classify-address';

/**
 * Whether the guard lets a fetch connect to `address`, and the class it refused. Public addresses always pass;
 * `allowPrivate` (config `allow_private_image_urls`) lets loopback, private, link-local and the other internal
 * classes pass too, but never a cloud metadata endpoint: nothing a chat client sends has a reason to read instance
 * credentials.
 */
export function checkImageAddress(address: string, allowPrivate: boolean): { allowed: true } | { allowed: false; addressClass: AddressClass } {
  const addressClass = classifyAddress(address);
  if (addressClass === 'public') return { allowed: true };
  if (allowPrivate && addressClass !== 'cloud metadata' && addressClass !== 'invalid') return { allowed: true };
  return { allowed: false, addressClass };
}
