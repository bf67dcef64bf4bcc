;; codeLines (code-lines.ts, codeLinesInJs) for ASCII texts, in WebAssembly: the lines holding code,
;; not blank and not only a comment. The tests check asks it of every source and test file of every
;; application; as JavaScript it was the largest cost left in a 10,000-file check once the call scan
;; moved here (call-scan.wat). code-lines-wasm.ts drives it; the JavaScript version stays the
;; reference (and the path for non-ASCII texts): the tests compare the two.
;;
;; Source of code-lines-wasm-binary.ts: `node scripts/assemble-wasm.js` writes that file from this one
;; (a test checks they agree).
;;
;; Memory: the text at $t (one byte per character, ASCII), then 32 zero bytes this function writes
;; (the 16-byte search for line feeds may read past the end; a zero byte is no line feed).
;; "Trimmed" characters are what String.prototype.trim removes among ASCII: 9-13 and 32.
(module
  (memory (export "memory") 1)

  (func $trimmed (param $c i32) (result i32)
    (i32.or (i32.eq (local.get $c) (i32.const 32)) (i32.le_u (i32.sub (local.get $c) (i32.const 9)) (i32.const 4))))

  ;; Address of the first `*/` starting at or after $a and ending by $end, or -1.
  (func $closeWithin (param $a i32) (param $end i32) (result i32)
    (block $out
      (loop $next
        (br_if $out (i32.gt_u (i32.add (local.get $a) (i32.const 2)) (local.get $end)))
        (if (i32.eq (i32.load16_u (local.get $a)) (i32.const 0x2f2a)) ;; "*/"
          (then (return (local.get $a))))
        (local.set $a (i32.add (local.get $a) (i32.const 1)))
        (br $next)))
    (i32.const -1))

  ;; Code after a closing `*/` at $a on a line ending at $end: not blank, not a line comment.
  (func $codeFollows (param $a i32) (param $end i32) (result i32)
    (block $out
      (loop $next
        (br_if $out (i32.ge_u (local.get $a) (local.get $end)))
        (br_if $out (i32.eqz (call $trimmed (i32.load8_u (local.get $a)))))
        (local.set $a (i32.add (local.get $a) (i32.const 1)))
        (br $next)))
    (if (i32.ge_u (local.get $a) (local.get $end)) (then (return (i32.const 0))))
    (i32.eqz (i32.and
      (i32.le_u (i32.add (local.get $a) (i32.const 2)) (local.get $end))
      (i32.eq (i32.load16_u (local.get $a)) (i32.const 0x2f2f))))) ;; "//"

  (func (export "codeLines") (param $t i32) (param $n i32) (result i32)
    (local $end i32) (local $lineStart i32) (local $lineEnd i32) (local $s i32) (local $e i32)
    (local $count i32) (local $inBlock i32) (local $close i32) (local $c i32) (local $bits i32)
    (local.set $end (i32.add (local.get $t) (local.get $n)))
    (memory.fill (local.get $end) (i32.const 0) (i32.const 32))
    (local.set $lineStart (local.get $t))
    (block $done
      (loop $nextLine
        (br_if $done (i32.gt_u (local.get $lineStart) (local.get $end)))
        ;; the next line feed, sixteen bytes at a time (as $lineEnd, written out)
        (local.set $lineEnd (local.get $lineStart))
        (block $found
          (loop $seek
            (if (i32.ge_u (local.get $lineEnd) (local.get $end))
              (then
                (local.set $lineEnd (local.get $end))
                (br $found)))
            (local.set $bits (i8x16.bitmask (i8x16.eq (v128.load (local.get $lineEnd)) (i8x16.splat (i32.const 10)))))
            (if (local.get $bits)
              (then
                (local.set $lineEnd (i32.add (local.get $lineEnd) (i32.ctz (local.get $bits))))
                (if (i32.gt_u (local.get $lineEnd) (local.get $end)) (then (local.set $lineEnd (local.get $end))))
                (br $found)))
            (local.set $lineEnd (i32.add (local.get $lineEnd) (i32.const 16)))
            (br $seek)))
        (local.set $s (local.get $lineStart))
        ;; the first character that is not white space (as $trimmed, written out: this runs for every
        ;; character of indentation)
        (block $text
          (loop $skip
            (br_if $text (i32.ge_u (local.get $s) (local.get $lineEnd)))
            (local.set $c (i32.load8_u (local.get $s)))
            (br_if $text (i32.eqz (i32.or (i32.eq (local.get $c) (i32.const 32)) (i32.le_u (i32.sub (local.get $c) (i32.const 9)) (i32.const 4)))))
            (local.set $s (i32.add (local.get $s) (i32.const 1)))
            (br $skip)))
        (local.set $lineStart (i32.add (local.get $lineEnd) (i32.const 1)))
        (block $counted
          (block $notCounted
            ;; most lines start with code: counted without finding where they end
            (if (i32.and
                  (i32.eqz (local.get $inBlock))
                  (i32.and
                    (i32.lt_u (local.get $s) (local.get $lineEnd))
                    (i32.ne (i32.load8_u (local.get $s)) (i32.const 47))))
              (then (br $counted)))
            (local.set $e (local.get $lineEnd))
            (block $trimmedEnd
              (loop $back
                (br_if $trimmedEnd (i32.le_u (local.get $e) (local.get $s)))
                (br_if $trimmedEnd (i32.eqz (call $trimmed (i32.load8_u (i32.sub (local.get $e) (i32.const 1))))))
                (local.set $e (i32.sub (local.get $e) (i32.const 1)))
                (br $back)))
            (if (local.get $inBlock)
              (then
                (local.set $close (call $closeWithin (local.get $s) (local.get $e)))
                (br_if $notCounted (i32.eq (local.get $close) (i32.const -1)))
                (local.set $inBlock (i32.const 0))
                (br_if $counted (call $codeFollows (i32.add (local.get $close) (i32.const 2)) (local.get $e)))
                (br $notCounted)))
            (br_if $notCounted (i32.eq (local.get $s) (local.get $e)))
            (if (i32.le_u (i32.add (local.get $s) (i32.const 2)) (local.get $e))
              (then
                (br_if $notCounted (i32.eq (i32.load16_u (local.get $s)) (i32.const 0x2f2f))) ;; "//"
                (if (i32.eq (i32.load16_u (local.get $s)) (i32.const 0x2a2f)) ;; "/*"
                  (then
                    (local.set $close (call $closeWithin (i32.add (local.get $s) (i32.const 2)) (local.get $e)))
                    (if (i32.eq (local.get $close) (i32.const -1))
                      (then
                        (local.set $inBlock (i32.const 1))
                        (br $notCounted)))
                    (br_if $counted (call $codeFollows (i32.add (local.get $close) (i32.const 2)) (local.get $e)))
                    (br $notCounted)))))
            (br $counted))
          ;; not counted
          (br $nextLine))
        (local.set $count (i32.add (local.get $count) (i32.const 1)))
        (br $nextLine)))
    (local.get $count))
)
