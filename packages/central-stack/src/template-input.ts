import type * as events from 'aws-cdk-lib/aws-events';
import { RuleTargetInput } from 'aws-cdk-lib/aws-events';

/**
 * A rule target's input from an InputTemplate and its InputPathsMap, as written: aws-events'
 * fromText and fromMultilineText would send a JSON string literal (quotes and escapes would show in
 * an e-mail), and fromObject names the placeholders after their paths.
 */
export class TemplateInput extends RuleTargetInput {
  constructor(
    /** The template, with `<name>` placeholders. */
    readonly template: string,
    /** Each placeholder's JSON path in the event. */
    readonly paths: Readonly<Record<string, string>>,
  ) {
    super();
  }

  bind(): events.RuleTargetInputProperties {
    return { inputTemplate: this.template, inputPathsMap: { ...this.paths } };
  }

  /**
   * A JSON template from a value whose strings hold `<name>` placeholders: EventBridge escapes what
   * it puts inside a JSON string, so event text (an alarm's reason, a trail name) cannot break out.
   */
  static json(value: unknown, paths: Readonly<Record<string, string>>): TemplateInput {
    return new TemplateInput(JSON.stringify(value), paths);
  }
}
