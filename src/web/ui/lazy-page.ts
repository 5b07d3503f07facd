import { type ComponentType, type LazyExoticComponent, lazy } from 'react'

type PageOf<Export> = Export extends ComponentType<infer Props> ? ComponentType<Props> : never

/**
 * A page loaded when first shown, so the first visit downloads only the shell and the page it opens.
 * `lazyPage(() => import('./modules/x/XPage.tsx'), 'XPage')` names the exported component.
 * The nearest <Suspense> (the shell's, around every page) shows "Chargement…" meanwhile.
 */
export function lazyPage<Module, Name extends keyof Module>(
  load: () => Promise<Module>,
  name: Name,
): LazyExoticComponent<PageOf<Module[Name]>> {
  return lazy(async () => ({ default: (await load())[name] as PageOf<Module[Name]> }))
}
