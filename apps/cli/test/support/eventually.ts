/**
 * Polls `check` every `intervalMs` until it holds; throws after `attempts` tries. A guard against a test hanging, not
 * a timing assertion: tests assert on state and order, and the default allows ten seconds on a busy machine.
 */
export async function eventually(check: () => boolean | Promise<boolean>, attempts = 1000, intervalMs = 10): Promise<void> {
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error('condition never became true');
}
