; lm_addr writes take effect for the 4th following instruction; until
; then the old pointer (the context's stack base, 0 for context 0) is used.
; LM word 0 = 1, word 2 = 5; lm_addr0 := 8 (word 2).
; r0 = lm0[0] read at i+1 (old: 1) + at i+4 (new: 5) = 6.  11 cycles.
; expect: cycles 103 retval 6
	alu[lm1[0], --, pass, 1]
	alu[lm1[2], --, pass, 5]
	immed[a3, 8]
	csr_wr[lm_addr0, a3]
	alu[ab0, --, pass, lm0[0]]
	nop
	nop
	alu[b2, --, pass, lm0[0]]
	alu[ab0, a0, add, b2]
	alu[ab1, --, pass, 0]
	halt
