/** One exchange in a chat, kept to understand follow-up questions. */
export interface Turn {
  question: string;
  /** The standalone search query the question was turned into. */
  query: string;
  answer: string;
  articleIds: string[];
  at: number;
}

/**
 * A short, bounded memory of each chat's recent turns: at most `maxTurns` per chat, `maxChats` chats
 * (least recently used evicted first), and turns older than `ttlMs` are forgotten.
 */
export class ConversationMemory {
  private readonly chats = new Map<string, Turn[]>();
  private readonly maxTurns: number;
  private readonly maxChats: number;
  private readonly ttlMs: number;

  constructor(options: { maxTurns?: number; maxChats?: number; ttlMs?: number } = {}) {
    this.maxTurns = options.maxTurns ?? 4;
    this.maxChats = options.maxChats ?? 5000;
    this.ttlMs = options.ttlMs ?? 30 * 60 * 1000;
  }

  /** Recent turns of a chat, oldest first. */
  recent(chatId: string, now: number): Turn[] {
    const turns = (this.chats.get(chatId) ?? []).filter((turn) => now - turn.at <= this.ttlMs);
    if (turns.length === 0) this.chats.delete(chatId);
    return turns;
  }

  remember(chatId: string, turn: Turn): void {
    const turns = [...this.recent(chatId, turn.at), turn].slice(-this.maxTurns);
    this.chats.delete(chatId); // re-insert: Map order is the LRU order
    this.chats.set(chatId, turns);
    while (this.chats.size > this.maxChats) {
      const oldest = this.chats.keys().next().value;
      if (oldest === undefined) break;
      this.chats.delete(oldest);
    }
  }

  forget(chatId: string): void {
    this.chats.delete(chatId);
  }
}
