import OpenAI from "openai";
import { LlmFailure, type LlmFailureReason } from "./llm-failure.ts";

export interface ChatMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

export interface Completion {
  text: string;
  usage: { promptTokens: number; completionTokens: number } | null;
}

/**
 * A chat model behind any OpenAI-compatible Chat Completions endpoint; the seam tests and evals use.
 * `complete` throws an LlmFailure that says why (timeout, unavailable, rate-limited, bad output).
 */
export interface ChatModel {
  readonly model: string;
  complete(
    messages: readonly ChatMessage[],
    options: { signal: AbortSignal; maxTokens: number },
  ): Promise<Completion>;
}

/**
 * Chat Completions through the official SDK: every compatible server (vLLM, Ollama, LM Studio…) speaks it.
 * Newer OpenAI reasoning models refuse `max_tokens` and a custom `temperature`; after such a 400 the model
 * is asked again with `max_completion_tokens` and no temperature, and keeps that form from then on.
 */
export function createOpenAiChatModel(client: OpenAI, model: string): ChatModel {
  let reasoningStyle = false;
  const request = (messages: readonly ChatMessage[], maxTokens: number, signal: AbortSignal) =>
    client.chat.completions.create(
      reasoningStyle
        ? { model, messages: [...messages], max_completion_tokens: maxTokens }
        : { model, messages: [...messages], temperature: 0.1, max_tokens: maxTokens },
      { signal },
    );
  return {
    model,
    async complete(messages, { signal, maxTokens }) {
      let response: OpenAI.Chat.Completions.ChatCompletion;
      try {
        try {
          response = await request(messages, maxTokens, signal);
        } catch (error) {
          const unsupported =
            error instanceof OpenAI.BadRequestError &&
            /max_tokens|temperature/.test(error.message) &&
            !reasoningStyle;
          if (!unsupported) throw error;
          reasoningStyle = true;
          response = await request(messages, maxTokens, signal);
        }
      } catch (error) {
        throw new LlmFailure(
          classifySdkError(error, signal),
          error instanceof Error ? error.message : String(error),
          {
            cause: error,
          },
        );
      }
      const content = response?.choices?.[0]?.message?.content;
      const usage = response?.usage;
      return {
        text: typeof content === "string" ? content : "",
        usage: usage
          ? { promptTokens: usage.prompt_tokens, completionTokens: usage.completion_tokens }
          : null,
      };
    },
  };
}

/** Maps an SDK error (or an aborted deadline) to why the LLM could not be used. */
function classifySdkError(error: unknown, signal: AbortSignal): LlmFailureReason {
  if (
    signal.aborted ||
    error instanceof OpenAI.APIConnectionTimeoutError ||
    error instanceof OpenAI.APIUserAbortError
  ) {
    return "timeout";
  }
  if (error instanceof OpenAI.RateLimitError) return "rate-limited";
  if (error instanceof OpenAI.APIConnectionError || error instanceof OpenAI.APIError) return "unavailable";
  // The SDK parsed a body that is not JSON, or JSON of the wrong shape.
  return "bad-output";
}
