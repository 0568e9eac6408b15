export { DEFAULT_BRAND, type Brand } from './brand.ts';
export {
  EMAIL_BLOCKS,
  EMAIL_EVENTS,
  EMAIL_EVENT_DEFINITIONS,
  emailEventDefinition,
  isEmailEvent,
  secretVariables,
  type EmailAudience,
  type EmailBlockName,
  type EmailBlocks,
  type EmailEvent,
  type EmailEventDefinition,
  type EmailTexts,
  type EmailVariableDefinition,
  type EmailVariableInput,
  type EmailVariableName,
  type EmailVariableValues,
} from './events.ts';
export {
  defaultTimingSetting,
  validateTimingSetting,
  type EmailTimingRule,
  type EmailTimingSetting,
  type TimingValidation,
} from './timing.ts';
export {
  interpolate,
  sampleValues,
  unknownVariables,
  validateTemplateTexts,
  variableNames,
  variablesIn,
  type TemplateTextsInput,
  type TemplateTextsValidation,
  type VariableValue,
} from './variables.ts';
export { EmailRenderCache, emailRenderCache, type EmailRenderStats } from './compiled.ts';
export { renderEmail, renderPreview, type PreviewOverrides, type RenderEmailInput, type RenderedEmail } from './render.ts';
export { EMAIL_TEMPLATES } from './templates/index.ts';
export type { EmailTemplateProps } from './template-props.ts';
