import type OpenAI from "openai";

export interface ChatMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

export interface Completion {
  text: string;
  usage: { promptTokens: number; completionTokens: number } | null;
}

/** A chat model behind any OpenAI-compatible Chat Completions endpoint; the seam tests and evals use. */
export interface ChatModel {
  readonly model: string;
  complete(
    messages: readonly ChatMessage[],
    options: { signal: AbortSignal; maxTokens: number },
  ): Promise<Completion>;
}

/** Chat Completions through the official SDK: every compatible server (vLLM, Ollama, LM Studio…) speaks it. */
export function createOpenAiChatModel(client: OpenAI, model: string): ChatModel {
  return {
    model,
    async complete(messages, { signal, maxTokens }) {
      const response = await client.chat.completions.create(
        { model, messages: [...messages], temperature: 0.1, max_tokens: maxTokens },
        { signal },
      );
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
