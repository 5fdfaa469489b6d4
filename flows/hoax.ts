import { makeQaFlow } from './qa';

/** "Cek hoaks": the Q&A conversation limited to the hoax clarifications in content/qa. */
export const hoaxFlow = makeQaFlow({
  name: 'hoax',
  hoax: true,
  menu: { labelKey: 'qa.hoax_menu', order: 25 },
  askKey: 'qa.hoax_ask',
  triggers: ['cek hoaks', 'cek hoax', 'hoaks', 'hoax'],
});
