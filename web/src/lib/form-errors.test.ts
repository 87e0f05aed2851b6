import { describe, expect, it } from 'vitest';
import { ApiError } from './api-error';
import { asSentence, formErrorsFrom, messagesFor, unplacedMessages, withoutField } from './form-errors';

describe('form errors', () => {
  const fields = {
    'location.lat': ['Too big'],
    interests: ['must be distinct'],
    '(root)': ['malformed JSON'],
  };

  it('puts a validation failure next to the fields and keeps a summary for the top of the form', () => {
    const errors = formErrorsFrom(
      new ApiError(400, 'validation_failed', 'The request body did not pass validation', fields),
    );
    expect(errors).toEqual({ message: 'Please correct the fields marked below.', fields });
    expect(messagesFor(errors.fields, 'location')).toEqual(['Too big']);
    expect(unplacedMessages(errors.fields, ['location', 'interests'])).toEqual(['(root): malformed JSON']);
  });

  it('shows the server’s own message for other failures, and a generic one for bugs', () => {
    expect(
      formErrorsFrom(new ApiError(409, 'email_taken', 'An account with this email already exists')).message,
    ).toBe('An account with this email already exists');
    expect(formErrorsFrom(new TypeError('x is undefined')).message).toBe(
      'Something went wrong. Please try again.',
    );
  });

  it('forgets a field’s errors (and its children’s) once the user edits it', () => {
    const errors = { message: 'Fix these', fields };
    expect(withoutField(errors, 'location').fields).toEqual({
      interests: ['must be distinct'],
      '(root)': ['malformed JSON'],
    });
    expect(withoutField(errors, 'bio')).toBe(errors);
  });

  it('capitalizes the API’s message fragments for display', () => {
    expect(asSentence('must be distinct')).toBe('Must be distinct');
  });
});
