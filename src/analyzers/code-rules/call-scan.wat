;; The call scan of prefilter.ts (scanCallsInJs) for ASCII texts, in WebAssembly: what precedes each
;; `(` of a file. It visits every `(` of every source file of a connector, and as JavaScript it was
;; the largest single cost of a 10,000-file check: interpreted until TurboFan's code arrived, then
;; compiled twice on the background threads the run shares with it. Here it runs compiled from the
;; first file, with no string made per call. call-scan-wasm.ts drives it; the JavaScript version
;; stays the reference (and the path for non-ASCII texts): the tests compare the two.
;;
;; Source of call-scan-wasm-binary.ts: `node scripts/assemble-wasm.js` writes that file from this one
;; (a test checks they agree).
;;
;; Memory (byte addresses; call-scan-wasm.ts uses the same constants):
;;        0  class of each byte value: bit 0 word character [A-Za-z0-9$_], bit 1 space (9-13, 32)
;;      256  names table, 512 slots of 16 bytes: hash, name address, length (0: empty), value
;;           (value: callee id + 1 in the low 16 bits, 0x10000 for a reserved word)
;;     8448  names pool (8 KiB)
;;    16640  plain calls seen, one byte per callee id (512); 17152 the same for method calls
;;    17664  callee ids first called plainly, in text order (512 x u32); 19712 the same for methods
;;    21760  counts: plain ids, method ids, called words
;;    32768  the per-file word set (capacity x 16 bytes: stamp, hash, address, length), then the
;;           called words (offset, length), then 32 zero bytes, the text, 32 zero bytes.
;; The zero bytes around the text stand for "outside the text": JavaScript's charCodeAt there is NaN,
;; and a zero byte, like NaN, is no word character, no space and none of the punctuation tested.
(module
  (memory (export "memory") 1)

  ;; Address of the last non-space byte at or before $a (the zero byte before the text stops it).
  (func $skipSpaceBack (param $a i32) (result i32)
    (block $out
      (loop $back
        (br_if $out (i32.eqz (i32.and (i32.load8_u (i32.load8_u (local.get $a))) (i32.const 2))))
        (local.set $a (i32.sub (local.get $a) (i32.const 1)))
        (br $back)))
    (local.get $a))

  ;; FNV-1a of $len bytes at $a.
  (func $hash (param $a i32) (param $len i32) (result i32)
    (local $h i32)
    (local $end i32)
    (local.set $h (i32.const 0x811c9dc5))
    (local.set $end (i32.add (local.get $a) (local.get $len)))
    (block $out
      (loop $next
        (br_if $out (i32.ge_u (local.get $a) (local.get $end)))
        (local.set $h (i32.mul (i32.xor (local.get $h) (i32.load8_u (local.get $a))) (i32.const 0x01000193)))
        (local.set $a (i32.add (local.get $a) (i32.const 1)))
        (br $next)))
    (local.get $h))

  (func $equal (param $a i32) (param $b i32) (param $len i32) (result i32)
    (block $out
      (loop $next
        (br_if $out (i32.eqz (local.get $len)))
        (if (i32.ne (i32.load8_u (local.get $a)) (i32.load8_u (local.get $b)))
          (then (return (i32.const 0))))
        (local.set $a (i32.add (local.get $a) (i32.const 1)))
        (local.set $b (i32.add (local.get $b) (i32.const 1)))
        (local.set $len (i32.sub (local.get $len) (i32.const 1)))
        (br $next)))
    (i32.const 1))

  ;; The names table's value for the word of $len bytes at $a (hash $h), 0 when it holds no such name.
  (func $nameValue (param $a i32) (param $len i32) (param $h i32) (result i32)
    (local $idx i32)
    (local $slot i32)
    (local.set $idx (local.get $h))
    (loop $probe
      (local.set $slot (i32.add (i32.const 256) (i32.shl (i32.and (local.get $idx) (i32.const 511)) (i32.const 4))))
      (if (i32.eqz (i32.load offset=8 (local.get $slot)))
        (then (return (i32.const 0))))
      (if (i32.and
            (i32.eq (i32.load (local.get $slot)) (local.get $h))
            (i32.eq (i32.load offset=8 (local.get $slot)) (local.get $len)))
        (then
          (if (call $equal (i32.load offset=4 (local.get $slot)) (local.get $a) (local.get $len))
            (then (return (i32.load offset=12 (local.get $slot)))))))
      (local.set $idx (i32.add (local.get $idx) (i32.const 1)))
      (br $probe))
    (i32.const 0))

  ;; Whether the header of the `for (` at $open holds the word `in` before its first `;` or `{`.
  (func $forHeaderHasIn (param $a i32) (param $end i32) (result i32)
    (local $c i32)
    (block $out
      (loop $next
        (br_if $out (i32.ge_u (local.get $a) (local.get $end)))
        (local.set $c (i32.load8_u (local.get $a)))
        (br_if $out (i32.or (i32.eq (local.get $c) (i32.const 59)) (i32.eq (local.get $c) (i32.const 123))))
        (if (i32.eq (i32.load16_u (local.get $a)) (i32.const 0x6e69)) ;; "in"
          (then
            (if (i32.eqz (i32.and
                  (i32.or
                    (i32.load8_u (i32.load8_u (i32.sub (local.get $a) (i32.const 1))))
                    (i32.load8_u (i32.load8_u offset=2 (local.get $a))))
                  (i32.const 1)))
              (then (return (i32.const 1))))))
        (local.set $a (i32.add (local.get $a) (i32.const 1)))
        (br $next)))
    (i32.const 0))

  ;; Scans the $n bytes at $t. Returns flags: 1 a callee it cannot read, 2 a `for … in` loop,
  ;; 4 a name called (or declared) a second time, 8 the word set filled up (the caller scans the
  ;; text in JavaScript instead). Writes the seen callee ids, the called words and the counts.
  ;; $stamp marks this scan's slots of the word set ($mask + 1 slots at $set); $out receives the
  ;; called words.
  (func (export "scan")
    (param $t i32) (param $n i32) (param $usesThis i32) (param $stamp i32) (param $set i32) (param $mask i32) (param $out i32)
    (result i32)
    (local $end i32) (local $p i32) (local $i i32) (local $c i32) (local $start i32) (local $len i32)
    (local $before i32) (local $member i32) (local $flags i32) (local $h i32) (local $value i32) (local $id i32)
    (local $k i32) (local $declaration i32) (local $idx i32) (local $slot i32) (local $entries i32) (local $called i32)
    (local $bits i32)
    (local.set $end (i32.add (local.get $t) (local.get $n)))
    (memory.fill (i32.sub (local.get $t) (i32.const 32)) (i32.const 0) (i32.const 32))
    (memory.fill (local.get $end) (i32.const 0) (i32.const 32))
    (memory.fill (i32.const 16640) (i32.const 0) (i32.const 1024))
    (i32.store (i32.const 21760) (i32.const 0))
    (i32.store (i32.const 21764) (i32.const 0))
    (local.set $p (local.get $t))
    (block $done
      (loop $nextParen
        ;; the next `(`, sixteen bytes at a time (the zero bytes after the text hold none)
        (block $found
          (loop $seek
            (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
            (local.set $bits (i8x16.bitmask (i8x16.eq (v128.load (local.get $p)) (i8x16.splat (i32.const 40)))))
            (if (local.get $bits)
              (then
                (local.set $p (i32.add (local.get $p) (i32.ctz (local.get $bits))))
                (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
                (br $found)))
            (local.set $p (i32.add (local.get $p) (i32.const 16)))
            (br $seek)))
        (block $continue
          ;; the callee's last character: before `(`, `?.(` or `!(`
          (local.set $i (call $skipSpaceBack (i32.sub (local.get $p) (i32.const 1))))
          (local.set $c (i32.load8_u (local.get $i)))
          (if (i32.and (i32.eq (local.get $c) (i32.const 46)) (i32.eq (i32.load8_u (i32.sub (local.get $i) (i32.const 1))) (i32.const 63)))
            (then
              (local.set $i (call $skipSpaceBack (i32.sub (local.get $i) (i32.const 2))))
              (local.set $c (i32.load8_u (local.get $i))))
            (else
              (if (i32.eq (local.get $c) (i32.const 33))
                (then
                  (local.set $i (call $skipSpaceBack (i32.sub (local.get $i) (i32.const 1))))
                  (local.set $c (i32.load8_u (local.get $i)))))))
          (if (i32.eqz (i32.and (i32.load8_u (local.get $c)) (i32.const 1)))
            (then
              ;; `(f)(x)`, `f<T>(x)` (not `=>`), `f /* … */ (x)`, `x['f'](…)`
              (if (i32.or
                    (i32.or (i32.eq (local.get $c) (i32.const 41)) (i32.eq (local.get $c) (i32.const 93)))
                    (i32.or
                      (i32.and (i32.eq (local.get $c) (i32.const 62)) (i32.ne (i32.load8_u (i32.sub (local.get $i) (i32.const 1))) (i32.const 61)))
                      (i32.and (i32.eq (local.get $c) (i32.const 47)) (i32.eq (i32.load8_u (i32.sub (local.get $i) (i32.const 1))) (i32.const 42)))))
                (then (local.set $flags (i32.or (local.get $flags) (i32.const 1)))))
              (br $continue)))
          (local.set $start (local.get $i))
          (block $wordStart
            (loop $back
              (br_if $wordStart (i32.eqz (i32.and (i32.load8_u (i32.load8_u (i32.sub (local.get $start) (i32.const 1)))) (i32.const 1))))
              (local.set $start (i32.sub (local.get $start) (i32.const 1)))
              (br $back)))
          ;; a number
          (br_if $continue (i32.lt_u (i32.sub (i32.load8_u (local.get $start)) (i32.const 48)) (i32.const 10)))
          (local.set $len (i32.sub (i32.add (local.get $i) (i32.const 1)) (local.get $start)))
          (local.set $before (call $skipSpaceBack (i32.sub (local.get $start) (i32.const 1))))
          ;; `x.f(`, not `...f(`
          (local.set $member (i32.and
            (i32.eq (i32.load8_u (local.get $before)) (i32.const 46))
            (i32.ne (i32.load8_u (i32.sub (local.get $before) (i32.const 1))) (i32.const 46))))
          (local.set $h (call $hash (local.get $start) (local.get $len)))
          (local.set $value (call $nameValue (local.get $start) (local.get $len) (local.get $h)))
          (local.set $id (i32.and (local.get $value) (i32.const 0xffff)))
          (if (local.get $id)
            (then
              ;; a callee some need asks about: noted once per file, plain and method calls apart
              (local.set $k (i32.add (i32.add (i32.const 16639) (i32.shl (local.get $member) (i32.const 9))) (local.get $id)))
              (if (i32.eqz (i32.load8_u (local.get $k)))
                (then
                  (i32.store8 (local.get $k) (i32.const 1))
                  (local.set $slot (i32.add (i32.const 21760) (i32.shl (local.get $member) (i32.const 2))))
                  (i32.store
                    (i32.add (i32.add (i32.const 17664) (i32.mul (local.get $member) (i32.const 2048))) (i32.shl (i32.load (local.get $slot)) (i32.const 2)))
                    (i32.sub (local.get $id) (i32.const 1)))
                  (i32.store (local.get $slot) (i32.add (i32.load (local.get $slot)) (i32.const 1)))))))
          ;; a method call in a file without `this`, or a keyword: never a recursive call there
          (if (select (i32.eqz (local.get $usesThis)) (i32.shr_u (local.get $value) (i32.const 16)) (local.get $member))
            (then
              (if (i32.and
                    (i32.and (i32.eqz (local.get $member)) (i32.eq (local.get $len) (i32.const 3)))
                    (i32.and
                      (i32.eqz (i32.and (local.get $flags) (i32.const 2)))
                      (i32.and
                        (i32.eq (i32.load16_u (local.get $start)) (i32.const 0x6f66)) ;; "fo"
                        (i32.eq (i32.load8_u offset=2 (local.get $start)) (i32.const 114))))) ;; "r"
                (then
                  (if (call $forHeaderHasIn (local.get $p) (local.get $end))
                    (then (local.set $flags (i32.or (local.get $flags) (i32.const 2)))))))
              (br_if $continue (i32.eqz (local.get $usesThis)))))
          (br_if $continue (i32.and (local.get $flags) (i32.const 4)))
          ;; `function f(` or `function* f(`: a declaration
          (local.set $k (local.get $before))
          (if (i32.eq (i32.load8_u (local.get $k)) (i32.const 42))
            (then (local.set $k (call $skipSpaceBack (i32.sub (local.get $k) (i32.const 1))))))
          (local.set $declaration (i32.and
            (i32.ge_s (i32.sub (local.get $k) (local.get $t)) (i32.const 7))
            (i32.and
              (i64.eq (i64.load (i32.sub (local.get $k) (i32.const 7))) (i64.const 0x6e6f6974636e7566)) ;; "function"
              (i32.eqz (i32.and (i32.load8_u (i32.load8_u (i32.sub (local.get $k) (i32.const 8)))) (i32.const 1))))))
          ;; the word a second time: recursion is possible; else it joins the set
          (local.set $idx (i32.and (local.get $h) (local.get $mask)))
          (block $placed
            (loop $probe
              (local.set $slot (i32.add (local.get $set) (i32.shl (local.get $idx) (i32.const 4))))
              (if (i32.ne (i32.load (local.get $slot)) (local.get $stamp))
                (then
                  (i32.store (local.get $slot) (local.get $stamp))
                  (i32.store offset=4 (local.get $slot) (local.get $h))
                  (i32.store offset=8 (local.get $slot) (local.get $start))
                  (i32.store offset=12 (local.get $slot) (local.get $len))
                  (local.set $entries (i32.add (local.get $entries) (i32.const 1)))
                  (if (i32.gt_u (i32.shl (local.get $entries) (i32.const 1)) (local.get $mask))
                    (then (return (i32.or (local.get $flags) (i32.const 8)))))
                  (if (i32.eqz (local.get $declaration))
                    (then
                      (local.set $k (i32.add (local.get $out) (i32.shl (local.get $called) (i32.const 3))))
                      (i32.store (local.get $k) (i32.sub (local.get $start) (local.get $t)))
                      (i32.store offset=4 (local.get $k) (local.get $len))
                      (local.set $called (i32.add (local.get $called) (i32.const 1)))))
                  (br $placed)))
              (if (i32.and
                    (i32.eq (i32.load offset=4 (local.get $slot)) (local.get $h))
                    (i32.eq (i32.load offset=12 (local.get $slot)) (local.get $len)))
                (then
                  (if (call $equal (i32.load offset=8 (local.get $slot)) (local.get $start) (local.get $len))
                    (then
                      (local.set $flags (i32.or (local.get $flags) (i32.const 4)))
                      (br $placed)))))
              (local.set $idx (i32.and (i32.add (local.get $idx) (i32.const 1)) (local.get $mask)))
              (br $probe))))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $nextParen)))
    (i32.store (i32.const 21768) (local.get $called))
    (local.get $flags))
)
