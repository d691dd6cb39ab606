; EMEM read latency 336 (+1 per extra 8 bytes), swap 2, idle skipped.
; The frame's CTM buffer is at a22 (data).  Program starts at T:
; ctm read 1 word: leaves T+1, done T+71 (swap: T+3, idle to T+71)
; immed T+72; emem read 4 words (16 B) of the perf ring at 0x40000000:
;   issued T+72, leaves T+73, done T+73+336+1 = T+410
; alu T+411, halt T+412 -> 412 cycles; frame 92 + 412 = 504
; expect: cycles 504 retval 0
	ctm[read, $0, a22, 0, 1], ctx_swap[s0]
	immed[a2, 0x4000, <<16]
	emem[read, $4, a2, 0, 4], ctx_swap[s1]
	alu[ab0, --, pass, $xi4]
	halt
