/** Questions a profile can answer (each within the contract's `MAX_PROMPT_QUESTION_LENGTH`). */
export const promptQuestions: readonly string[] = [
  'A perfect Sunday looks like…',
  'I’m looking for…',
  'I geek out on…',
  'The way to win me over is…',
  'My simplest pleasures are…',
  'Two truths and a lie…',
  'Together, we could…',
  'I’m known among friends for…',
  'The last thing that made me laugh out loud…',
];
