/**
 * A base64 `data:` URL, as the OpenAI dialects carry inline images and files: group 1 is the media type (absent in
 * `data:;base64,…`), group 2 the base64 payload. Parameters between the type and `;base64` are allowed and ignored.
 */
export const base64DataUrl = /^data:([^;,]+)?(?:;[^,]*)?;base64,(.*)$/s;
