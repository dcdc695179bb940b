/** Whether a tenant may still spend on AI calls (a monthly cost budget); the read model answers it. */
export type AiBudget = Readonly<{ allows: (tenant: string) => Promise<boolean> }>;

export const unlimitedBudget: AiBudget = { allows: async () => true };
