import type { ApiError } from './api-error';

/**
 * A request a service refuses for a reason the student or instructor can read (a lab that is not running, an
 * answer after the time limit). Services throw it; the socket gateways turn it into an ack, and the global
 * exception filter answers it over HTTP in the API's error shape.
 */
export abstract class Refused extends Error {
  abstract toApiError(): ApiError;
}
