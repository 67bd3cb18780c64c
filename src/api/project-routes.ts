// /api/v1/projects (issue 12), for instance admins only: list, create, read, change (name, slug,
// a new ping key), delete. Paths take a project's id or slug. GET /api/v1/project: the request's
// own project, for any principal.

import { parseInput } from '../app/validate-input.js'
import { seesPingSecrets } from '../domain/access.js'
import { sendJson } from '../http/respond.js'
import type { Router } from '../http/router.js'
import type { ApiDeps } from './api-deps.js'
import { notFound } from './api-errors.js'
import { apiRoute, requestProject } from './api-route.js'
import { createProject, findProject, updateProject } from './change-project.js'
import { deleteProject } from './delete-project.js'
import { presentProject, projectView } from './present-project.js'
import { newProjectSchema, projectPatchSchema } from './project-input.js'
import { enumParam } from './query-params.js'
import { readJsonObject } from './request-body.js'

const BASE = '/api/v1/projects'

export function registerProjectRoutes(router: Router, deps: ApiDeps): void {
  router.on(
    'GET',
    BASE,
    apiRoute(deps, 'instance_admin', async ({ res, head }, deps) => {
      // projects are few: one page
      const projects = await deps.store.listProjects()
      const items = await Promise.all(projects.map((p) => projectView(deps.store, p)))
      sendJson(res, 200, { items, next_cursor: null }, {}, head)
    }),
  )

  router.on(
    'POST',
    BASE,
    apiRoute(deps, 'instance_admin', async ({ req, res, audit }, deps) => {
      const input = parseInput(newProjectSchema, await readJsonObject(req), ['slug'])
      const created = await createProject(deps, { slug: input.slug!, name: input.name }, audit)
      sendJson(res, 201, await projectView(deps.store, created), { Location: `${BASE}/${created.slug}` })
    }),
  )

  router.on(
    'GET',
    `${BASE}/:ref`,
    apiRoute(deps, 'instance_admin', async ({ params, res, head }, deps) => {
      const project = await findProject(deps.store, params.ref!)
      sendJson(res, 200, await projectView(deps.store, project), {}, head)
    }),
  )

  router.on(
    'PATCH',
    `${BASE}/:ref`,
    apiRoute(deps, 'instance_admin', async ({ params, req, res, audit }, deps) => {
      const patch = parseInput(projectPatchSchema, await readJsonObject(req))
      const updated = await updateProject(deps, params.ref!, patch, audit)
      sendJson(res, 200, await projectView(deps.store, updated))
    }),
  )

  router.on(
    'DELETE',
    `${BASE}/:ref`,
    apiRoute(deps, 'instance_admin', async ({ params, req, res, url, audit }, deps) => {
      req.resume()
      const force = enumParam(url, 'force', ['1', '0', 'true', 'false'] as const)
      await deleteProject(deps, params.ref!, force === '1' || force === 'true', audit)
      res.writeHead(204).end()
    }),
  )

  router.on(
    'GET',
    '/api/v1/project',
    apiRoute(deps, 'read', async ({ res, head, principal }, deps) => {
      const project = await deps.store.getProject({ id: requestProject(deps) })
      if (!project) throw notFound('project')
      sendJson(res, 200, presentProject(project, seesPingSecrets(principal)), {}, head)
    }),
  )
}
