import { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/** The request and response classes to give `http.createServer`, following the app that serves. */
export interface ExpressMessageClasses {
  IncomingMessage: typeof IncomingMessage;
  ServerResponse: typeof ServerResponse;
}

type ExpressLike = { request?: unknown; response?: unknown };

function prototypeOf(app: unknown, kind: 'request' | 'response'): object | undefined {
  const value = (app as ExpressLike | null)?.[kind];
  return typeof value === 'object' && value !== null ? value : undefined;
}

/** Node's own message classes are plain constructor functions (callable with `call`); a future class would not be. */
function isCallableConstructor(constructor: unknown): boolean {
  return typeof constructor === 'function' && !Function.prototype.toString.call(constructor).startsWith('class');
}

/**
 * Request and response classes whose instances are born with the Express app's prototypes (`app.request`,
 * `app.response`). Express gives every request those prototypes with `Object.setPrototypeOf`, which in V8 hands each
 * request and response object a hidden class of its own, and every property Express and Node add afterwards a new
 * one: about 8 KB per request held for the life of a stream, and the CPU to build them (issue 9, heap snapshot of
 * 1,000 open streams). Born with the right prototype, Express' call changes nothing and all requests share shapes.
 *
 * `currentApp` is read on each request: after a reload the first request still goes through Express' own path,
 * and the following ones are born with the new app's prototypes. Returns undefined when Node's classes cannot be
 * extended this way (the server then uses its defaults and Express does what it always did).
 */
export function createExpressMessageClasses(currentApp: () => unknown): ExpressMessageClasses | undefined {
  if (!isCallableConstructor(IncomingMessage) || !isCallableConstructor(ServerResponse)) return undefined;

  const requestBase = IncomingMessage as unknown as (this: IncomingMessage, socket: Socket) => void;
  const responseBase = ServerResponse as unknown as (this: ServerResponse, request: IncomingMessage, options?: object) => void;

  function AppIncomingMessage(this: IncomingMessage, socket: Socket): void {
    requestBase.call(this, socket);
    follow(AppIncomingMessage, prototypeOf(currentApp(), 'request'));
  }
  function AppServerResponse(this: ServerResponse, request: IncomingMessage, options?: object): void {
    responseBase.call(this, request, options);
    follow(AppServerResponse, prototypeOf(currentApp(), 'response'));
  }
  /** The next instances get this prototype (a function's `prototype` is read by `new`). */
  function follow(constructor: { prototype: object }, prototype: object | undefined): void {
    if (prototype !== undefined && constructor.prototype !== prototype) constructor.prototype = prototype;
  }
  // Inherit the constructors themselves too, as `class extends` would. V8 sizes the in-object fields of what `new F`
  // builds from the functions on F's own prototype chain: the wrappers alone got room for ~10 fields, Node's ~40
  // spilled into a separate store, and a symbol-keyed store past 12 spilled fields (Node's own, or the router's)
  // turned every response and request into a hash table of its properties: ~1.5 KB more each, and a dictionary lookup
  // on every property access (heap snapshot of 1,000 open streams, issue 9). (Building them with
  // `Reflect.construct(IncomingMessage, [socket], AppIncomingMessage)` keeps them fast too, but V8 then gives every
  // object a hidden class of its own: ~90 maps per request.)
  Object.setPrototypeOf(AppIncomingMessage, IncomingMessage);
  Object.setPrototypeOf(AppServerResponse, ServerResponse);
  AppIncomingMessage.prototype = prototypeOf(currentApp(), 'request') ?? IncomingMessage.prototype;
  AppServerResponse.prototype = prototypeOf(currentApp(), 'response') ?? ServerResponse.prototype;
  return { IncomingMessage: AppIncomingMessage as unknown as typeof IncomingMessage, ServerResponse: AppServerResponse as unknown as typeof ServerResponse };
}
