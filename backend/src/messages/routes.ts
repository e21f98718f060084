import type { AnyEndpoint } from '../http/endpoint.js';

export const messageEndpoints: AnyEndpoint[] = [];
