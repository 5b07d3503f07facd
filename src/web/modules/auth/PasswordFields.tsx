import { z } from 'zod'
import { passwordSchema } from '../../../shared/validation.ts'

/** A new password typed twice; the server checks the rules again. */
export const newPasswordFormSchema = z
  .object({ password: passwordSchema, confirmation: z.string() })
  .refine((v) => v.password === v.confirmation, {
    error: 'Les deux mots de passe ne sont pas identiques.',
    path: ['confirmation'],
  })
