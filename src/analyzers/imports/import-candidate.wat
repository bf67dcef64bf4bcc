;; lastImportCandidate (scan.ts) for ASCII texts, in WebAssembly: the offset of the last place an
;; import could start, that is the last match of
;;     /\b(?:import|require)\b|\bexport\s*(?:type\s*)?(?:[{*]|\/[*/])/
;; (`\b` and `\s` as JavaScript reads them without the u flag: word characters [A-Za-z0-9_], spaces
;; 9-13 and 32 among ASCII). The import scan asks it of every script file before tokenizing up to
;; there; the regular expression's pass over the whole text was its largest cost. This walks the text
;; backwards, sixteen bytes at a time, looking for `imp`, `req` and `exp`, and checks each such place
;; in full: the first that matches is the last match. import-candidate-wasm.ts drives it; the
;; regular expression stays the reference (and the path for non-ASCII texts): the tests compare them.
;;
;; Source of import-candidate-wasm-binary.ts: `node scripts/assemble-wasm.js` writes that file from
;; this one (a test checks they agree).
;;
;; Memory: the text at $t (one byte per character), with 32 zero bytes before and after it that this
;; function writes (a zero byte, like the outside of the text, is no word character and no space).
(module
  (memory (export "memory") 1)

  (func $isWord (param $c i32) (result i32)
    (i32.or
      (i32.or
        (i32.lt_u (i32.sub (i32.or (local.get $c) (i32.const 32)) (i32.const 97)) (i32.const 26)) ;; a-z, A-Z
        (i32.lt_u (i32.sub (local.get $c) (i32.const 48)) (i32.const 10)))                         ;; 0-9
      (i32.eq (local.get $c) (i32.const 95))))                                                     ;; _

  (func $skipSpaces (param $a i32) (result i32)
    (local $c i32)
    (block $out
      (loop $next
        (local.set $c (i32.load8_u (local.get $a)))
        (br_if $out (i32.eqz (i32.or (i32.eq (local.get $c) (i32.const 32)) (i32.lt_u (i32.sub (local.get $c) (i32.const 9)) (i32.const 5)))))
        (local.set $a (i32.add (local.get $a) (i32.const 1)))
        (br $next)))
    (local.get $a))

  ;; `{`, `*`, `/*` or `//` at $a: what may follow `export` (and `type`) in a re-export.
  (func $reexportOpens (param $a i32) (result i32)
    (local $c i32)
    (local.set $c (i32.load8_u (local.get $a)))
    (if (i32.or (i32.eq (local.get $c) (i32.const 123)) (i32.eq (local.get $c) (i32.const 42)))
      (then (return (i32.const 1))))
    (if (i32.ne (local.get $c) (i32.const 47)) (then (return (i32.const 0))))
    (local.set $c (i32.load8_u offset=1 (local.get $a)))
    (i32.or (i32.eq (local.get $c) (i32.const 42)) (i32.eq (local.get $c) (i32.const 47))))

  ;; Whether the expression matches at $p, where `imp`, `req` or `exp` starts.
  (func $matchesAt (param $p i32) (result i32)
    (local $a i32)
    (if (call $isWord (i32.load8_u (i32.sub (local.get $p) (i32.const 1))))
      (then (return (i32.const 0))))
    ;; "import" = 69 6d 70 6f 72 74, "export" = 65 78 70 6f 72 74: the same last three letters
    (if (i32.eq (i32.load16_u offset=4 (local.get $p)) (i32.const 0x7472)) ;; "rt" at +4
      (then
        (if (i32.eq (i32.load8_u offset=3 (local.get $p)) (i32.const 0x6f)) ;; "o" at +3
          (then
            (if (i32.eq (i32.load8_u (local.get $p)) (i32.const 0x69))
              (then (return (i32.eqz (call $isWord (i32.load8_u offset=6 (local.get $p)))))))
            (if (i32.eq (i32.load8_u (local.get $p)) (i32.const 0x65))
              (then
                (local.set $a (call $skipSpaces (i32.add (local.get $p) (i32.const 6))))
                (if (call $reexportOpens (local.get $a)) (then (return (i32.const 1))))
                (if (i32.eq (i32.load (local.get $a)) (i32.const 0x65707974)) ;; "type"
                  (then (return (call $reexportOpens (call $skipSpaces (i32.add (local.get $a) (i32.const 4)))))))
                (return (i32.const 0))))))))
    ;; "require" = 72 65 71 75 69 72 65
    (if (i32.and
          (i32.eq (i32.load offset=3 (local.get $p)) (i32.const 0x65726975)) ;; "uire" at +3
          (i32.eq (i32.load8_u (local.get $p)) (i32.const 0x72)))
      (then (return (i32.eqz (call $isWord (i32.load8_u offset=7 (local.get $p)))))))
    (i32.const 0))

  ;; The offset (from $t) of the last match in the $n bytes at $t, or -1.
  (func (export "lastCandidate") (param $t i32) (param $n i32) (result i32)
    (local $q i32) (local $v0 v128) (local $v1 v128) (local $v2 v128) (local $bits i32) (local $bit i32)
    (if (i32.eqz (local.get $n)) (then (return (i32.const -1))))
    (memory.fill (i32.sub (local.get $t) (i32.const 32)) (i32.const 0) (i32.const 32))
    (memory.fill (i32.add (local.get $t) (local.get $n)) (i32.const 0) (i32.const 32))
    ;; the last 16-byte block holding a byte of the text; bytes past the end are zero and match nothing
    (local.set $q (i32.add (local.get $t) (i32.and (i32.sub (local.get $n) (i32.const 1)) (i32.const -16))))
    (loop $block
      (local.set $v0 (v128.load (local.get $q)))
      (local.set $v1 (v128.load offset=1 (local.get $q)))
      (local.set $v2 (v128.load offset=2 (local.get $q)))
      (local.set $bits (i8x16.bitmask (v128.or
        (v128.or
          (v128.and (i8x16.eq (local.get $v0) (i8x16.splat (i32.const 0x69)))       ;; i
            (v128.and (i8x16.eq (local.get $v1) (i8x16.splat (i32.const 0x6d)))     ;; m
              (i8x16.eq (local.get $v2) (i8x16.splat (i32.const 0x70)))))           ;; p
          (v128.and (i8x16.eq (local.get $v0) (i8x16.splat (i32.const 0x72)))       ;; r
            (v128.and (i8x16.eq (local.get $v1) (i8x16.splat (i32.const 0x65)))     ;; e
              (i8x16.eq (local.get $v2) (i8x16.splat (i32.const 0x71))))))          ;; q
        (v128.and (i8x16.eq (local.get $v0) (i8x16.splat (i32.const 0x65)))         ;; e
          (v128.and (i8x16.eq (local.get $v1) (i8x16.splat (i32.const 0x78)))       ;; x
            (i8x16.eq (local.get $v2) (i8x16.splat (i32.const 0x70))))))))          ;; p
      ;; the block's places from the last to the first
      (block $noMore
        (loop $place
          (br_if $noMore (i32.eqz (local.get $bits)))
          (local.set $bit (i32.sub (i32.const 31) (i32.clz (local.get $bits))))
          (if (call $matchesAt (i32.add (local.get $q) (local.get $bit)))
            (then (return (i32.sub (i32.add (local.get $q) (local.get $bit)) (local.get $t)))))
          (local.set $bits (i32.xor (local.get $bits) (i32.shl (i32.const 1) (local.get $bit))))
          (br $place)))
      (if (i32.gt_u (local.get $q) (local.get $t))
        (then
          (local.set $q (i32.sub (local.get $q) (i32.const 16)))
          (br $block))))
    (i32.const -1))
)
