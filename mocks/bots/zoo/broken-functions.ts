import {
  createExampleFunction,
  type ExampleFunctionOptions,
  type FaasInvocation,
} from '../example-function.ts';

/** A function in the shape LivePerson calls, whatever it calls back with. */
export type FaasLambda = (
  input: FaasInvocation,
  callback: (error: Error | null, output?: unknown) => void,
) => void;

/** A known-bad LivePerson Function: the example function with one behaviour broken. */
export interface BrokenFunction {
  name: string;
  /** The flaw, in one sentence. */
  flaw: string;
  /** The rules a run against it must fail, most direct first. */
  rules: readonly string[];
  /** The error-escalation code the mock TPB engine should record, when one applies. */
  escalationCode?: string;
  create(options?: ExampleFunctionOptions): FaasLambda;
}

const lpError = 'com.liveperson.bot-connectors-worker.error.';

/** Known-bad functions for the FAAS rule group. */
export const brokenFunctions: readonly BrokenFunction[] = [
  {
    name: 'returns-null',
    flaw: 'It calls back with null instead of an output object.',
    rules: ['FAAS-01', 'FLOW-10'],
    escalationCode: `${lpError}aivendor.faas.missing-response-body`,
    create: () => (_input, callback) => callback(null, null),
  },
  {
    name: 'ce-action-names',
    flaw: 'It uses Custom Endpoint wire names: INVOKE_FUNCTION instead of INVOCATION and skillName instead of skill.',
    // Its unsupported INVOKE_FUNCTION always comes beside a text, so BOT-REPLY-03 only warns.
    rules: ['FAAS-05', 'FAAS-04', 'BOT-REPLY-04'],
    create(options) {
      const example = createExampleFunction(options);
      return (input, callback) => {
        example.lambdaAsync(input).then((output) => {
          const context: Record<string, unknown> = { ...output.context };
          const parameters: Record<string, unknown> = { ...output.context?.actionParameters };
          if (context.action === 'INVOCATION') context.action = 'INVOKE_FUNCTION';
          if (context.action === 'TRANSFER') {
            parameters.skillName = parameters.skill;
            delete parameters.skill;
          }
          if (context.actionParameters !== undefined) context.actionParameters = parameters;
          callback(null, { ...output, context });
        }, callback);
      };
    },
  },
];
