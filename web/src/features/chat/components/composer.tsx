import { MAX_MESSAGE_LENGTH } from '@dating/functions/contract';
import { type KeyboardEvent, useId, useRef, useState } from 'react';
import { Button } from '../../../components/ui/button';
import { createThrottle } from '../lib/chat-state';

/** The composer tells the other side "typing" at most this often. */
export const TYPING_SEND_INTERVAL_MS = 3000;

interface ComposerProps {
  onSend: (text: string) => void;
  onTyping: () => void;
  disabled: boolean;
}

/** The message box: Enter sends (trimmed), Shift+Enter adds a line; a counter shows the contract's limit. */
export function Composer({ onSend, onTyping, disabled }: ComposerProps) {
  const [text, setText] = useState('');
  const id = useId();
  const throttle = useRef(createThrottle(TYPING_SEND_INTERVAL_MS));
  const trimmed = text.trim();
  const canSend = trimmed.length > 0 && text.length <= MAX_MESSAGE_LENGTH && !disabled;

  const submit = () => {
    if (!canSend) return;
    onSend(trimmed);
    setText('');
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    }
  };

  return (
    <form
      className="chat__composer"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <label htmlFor={`${id}-text`} className="chat__label">
        Message
      </label>
      <textarea
        id={`${id}-text`}
        className="chat__input"
        rows={2}
        value={text}
        maxLength={MAX_MESSAGE_LENGTH}
        aria-describedby={`${id}-count ${id}-hint`}
        onKeyDown={onKeyDown}
        onChange={(event) => {
          setText(event.target.value);
          if (event.target.value.trim() && throttle.current(Date.now())) onTyping();
        }}
      />
      <div className="chat__composer-footer">
        <span id={`${id}-hint`} className="chat__hint">
          Enter sends, Shift+Enter adds a line.
        </span>
        <span id={`${id}-count`} className="chat__count">
          {text.length}/{MAX_MESSAGE_LENGTH}
          <span className="visually-hidden"> characters</span>
        </span>
        <Button type="submit" disabled={!canSend}>
          Send
        </Button>
      </div>
    </form>
  );
}
