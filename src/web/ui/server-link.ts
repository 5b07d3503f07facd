/**
 * Link props for a file or page the server writes (an export, the API documentation). The DSFR
 * components route every link through React Router, which would keep such a link inside the app:
 * `reloadDocument` hands it to the browser, which downloads the file with the session cookie.
 */
export function serverLinkProps(url: string, options: { download?: boolean } = {}) {
  return { to: url, reloadDocument: true, ...(options.download ? { download: true } : {}) } as const
}
