// Copies of what real libraries still do to the built-ins of the pages they run on, for host pages
// that load them before the widget (host-server.ts serves them as /patches.js?set=<name>). Each is
// the library's own code for the parts that matter to an embedded widget, trimmed of the rest.
export const PATCHES: Record<string, string> = {
  // Prototype.js 1.6.0.3: Object.extend copies methods onto Array.prototype (enumerable, so for…in
  // over an array sees them), Enumerable replaces map/filter/some/every/find/entries, and toJSON on
  // Array/String/Number/Date/Hash prototypes make JSON.stringify double-encode arrays and dates.
  prototype: `
(function () {
  Object.extend = function (destination, source) { for (var property in source) destination[property] = source[property]; return destination; };
  Object.toJSON = function (object) {
    var type = typeof object;
    switch (type) { case 'undefined': case 'function': case 'unknown': return; case 'boolean': return object.toString(); }
    if (object === null) return 'null';
    if (object.toJSON) return object.toJSON();
    if (object.nodeType === 1) return;
    var results = [];
    for (var property in object) {
      var value = Object.toJSON(object[property]);
      if (value !== undefined) results.push(property.toJSON() + ': ' + value);
    }
    return '{' + results.join(', ') + '}';
  };
  function $A(iterable) { if (!iterable) return []; var length = iterable.length || 0, results = new Array(length); while (length--) results[length] = iterable[length]; return results; }
  window.$A = $A;
  var $break = {};
  var K = function (x) { return x; };
  Object.extend(Function.prototype, {
    bind: function () {
      if (arguments.length < 2 && arguments[0] === undefined) return this;
      var __method = this, args = $A(arguments), object = args.shift();
      return function () { return __method.apply(object, args.concat($A(arguments))); };
    }
  });
  var Enumerable = {
    each: function (iterator, context) {
      var index = 0;
      try { this._each(function (value) { iterator.call(context, value, index++); }); } catch (e) { if (e != $break) throw e; }
      return this;
    },
    all: function (iterator, context) { iterator = iterator || K; var result = true; this.each(function (value, index) { result = result && !!iterator.call(context, value, index); if (!result) throw $break; }); return result; },
    any: function (iterator, context) { iterator = iterator || K; var result = false; this.each(function (value, index) { if (result = !!iterator.call(context, value, index)) throw $break; }); return result; },
    collect: function (iterator, context) { iterator = iterator || K; var results = []; this.each(function (value, index) { results.push(iterator.call(context, value, index)); }); return results; },
    detect: function (iterator, context) { var result; this.each(function (value, index) { if (iterator.call(context, value, index)) { result = value; throw $break; } }); return result; },
    findAll: function (iterator, context) { var results = []; this.each(function (value, index) { if (iterator.call(context, value, index)) results.push(value); }); return results; },
    include: function (object) { var found = false; this.each(function (value) { if (value == object) { found = true; throw $break; } }); return found; },
    toArray: function () { return this.map(); },
    size: function () { return this.toArray().length; }
  };
  Object.extend(Enumerable, { map: Enumerable.collect, find: Enumerable.detect, select: Enumerable.findAll, filter: Enumerable.findAll, member: Enumerable.include, entries: Enumerable.toArray, every: Enumerable.all, some: Enumerable.any });
  Array.prototype._each = Array.prototype.forEach;
  Object.extend(Array.prototype, Enumerable);
  if (!Array.prototype._reverse) Array.prototype._reverse = Array.prototype.reverse;
  Object.extend(Array.prototype, {
    clear: function () { this.length = 0; return this; },
    first: function () { return this[0]; },
    last: function () { return this[this.length - 1]; },
    compact: function () { return this.select(function (value) { return value != null; }); },
    without: function () { var values = $A(arguments); return this.select(function (value) { return !values.include(value); }); },
    reverse: function (inline) { return (inline !== false ? this : this.toArray())._reverse(); },
    clone: function () { return [].concat(this); },
    inspect: function () { return '[' + this.map(function (x) { return String(x); }).join(', ') + ']'; },
    toJSON: function () {
      var results = [];
      this.each(function (object) { var value = Object.toJSON(object); if (value !== undefined) results.push(value); });
      return '[' + results.join(', ') + ']';
    }
  });
  Object.extend(String.prototype, {
    strip: function () { return this.replace(/^\\s+/, '').replace(/\\s+$/, ''); },
    include: function (pattern) { return this.indexOf(pattern) > -1; },
    startsWith: function (pattern) { return this.indexOf(pattern) === 0; },
    endsWith: function (pattern) { var d = this.length - pattern.length; return d >= 0 && this.lastIndexOf(pattern) === d; },
    inspect: function (useDoubleQuotes) {
      var escaped = this.replace(/[\\x00-\\x1f\\\\]/g, function (c) { return '\\\\u00' + ('0' + c.charCodeAt(0).toString(16)).slice(-2); });
      return useDoubleQuotes ? '"' + escaped.replace(/"/g, '\\\\"') + '"' : "'" + escaped.replace(/'/g, "\\\\'") + "'";
    },
    toJSON: function () { return this.inspect(true); }
  });
  Number.prototype.toJSON = function () { return isFinite(this) ? this.toString() : 'null'; };
  Date.prototype.toJSON = function () {
    var pad = function (n) { return (n < 10 ? '0' : '') + n; };
    return '"' + this.getUTCFullYear() + '-' + pad(this.getUTCMonth() + 1) + '-' + pad(this.getUTCDate()) + 'T' +
      pad(this.getUTCHours()) + ':' + pad(this.getUTCMinutes()) + ':' + pad(this.getUTCSeconds()) + 'Z"';
  };
  window.Hash = function (object) { this._object = Object.extend({}, object); };
  Hash.prototype.toJSON = function () { return Object.toJSON(this._object); };
})();`,

  // MooTools 1.2.x: Native.implement assigns methods onto Array, Function and String prototypes
  // (enumerable), adds $family, and replaces Function.prototype.bind with one that ignores the
  // call-time arguments when bound ones are given.
  mootools: `
(function () {
  function implement(native, methods) { for (var name in methods) native.prototype[name] = methods[name]; }
  function $splat(obj) { return obj == null ? [] : Array.isArray(obj) ? obj : [obj]; }
  Array.prototype.$family = { name: 'array' };
  Function.prototype.$family = { name: 'function' };
  String.prototype.$family = { name: 'string' };
  implement(Array, {
    each: Array.prototype.forEach,
    clean: function () { return this.filter(function (x) { return x != null; }); },
    contains: function (item, from) { return this.indexOf(item, from) != -1; },
    extend: function (array) { for (var i = 0, j = array.length; i < j; i++) this.push(array[i]); return this; },
    getLast: function () { return this.length ? this[this.length - 1] : null; },
    include: function (item) { if (!this.contains(item)) this.push(item); return this; },
    combine: function (array) { for (var i = 0, l = array.length; i < l; i++) this.include(array[i]); return this; },
    erase: function (item) { for (var i = this.length; i--; i) { if (this[i] === item) this.splice(i, 1); } return this; },
    empty: function () { this.length = 0; return this; },
    flatten: function () { var array = []; for (var i = 0, l = this.length; i < l; i++) array = array.concat(Array.isArray(this[i]) ? this[i].flatten() : this[i]); return array; },
    link: function (object) { return object; }
  });
  implement(Function, {
    create: function (options) {
      var self = this;
      options = options || {};
      return function (event) {
        var args = options.arguments != undefined ? $splat(options.arguments) : arguments;
        var returns = function () { return self.apply(options.bind || null, args); };
        return returns();
      };
    },
    bind: function (bind, args) { return this.create({ bind: bind, arguments: args }); },
    pass: function (args, bind) { return this.create({ bind: bind, arguments: args }); },
    delay: function (delay, bind, args) { return setTimeout(this.create({ bind: bind, arguments: args }), delay); },
    run: function (args, bind) { return this.apply(bind, $splat(args)); }
  });
  implement(String, {
    test: function (regex, params) { return (typeof regex == 'string' ? new RegExp(regex, params) : regex).test(this); },
    contains: function (string, separator) { return separator ? (separator + this + separator).indexOf(separator + string + separator) > -1 : this.indexOf(string) > -1; },
    trim: function () { return this.replace(/^\\s+|\\s+$/g, ''); },
    clean: function () { return this.replace(/\\s+/g, ' ').trim(); },
    camelCase: function () { return this.replace(/-\\D/g, function (match) { return match.charAt(1).toUpperCase(); }); },
    capitalize: function () { return this.replace(/\\b[a-z]/g, function (match) { return match.toUpperCase(); }); },
    toInt: function (base) { return parseInt(this, base || 10); }
  });
})();`,

  // A page's own wrappers around JSON (seen in analytics and "date-aware JSON" snippets): stringify
  // drops the caller's replacer and turns any object met twice into "[Circular]"; parse turns every
  // ISO date string into a Date.
  json: `
(function () {
  var stringify = JSON.stringify, parse = JSON.parse;
  var ISO = /^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z$/;
  JSON.stringify = function (value, replacer, space) {
    var seen = [];
    return stringify(value, function (key, v) {
      if (v && typeof v === 'object') { if (seen.indexOf(v) >= 0) return '[Circular]'; seen.push(v); }
      return v;
    }, space);
  };
  JSON.parse = function (text, reviver) {
    return parse(text, function (key, v) {
      if (typeof v === 'string' && ISO.test(v)) v = new Date(v);
      return reviver ? reviver.call(this, key, v) : v;
    });
  };
})();`,

  // A page that changes how dates serialize (to local time without a zone, for its own API).
  date: `
Date.prototype.toJSON = function () { return this.getFullYear() + '/' + (this.getMonth() + 1) + '/' + this.getDate(); };`,
};
