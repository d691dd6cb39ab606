; Taken branches cost 1 + P - defer: P = 2 unconditional, 3 conditional.
; program: immed 1, br 1+2, (skipped), l1: immed 1, alu 1, beq 1+3,
; l2: bne (not taken) 1, br defer[2] 1+0 + 2 slots, l3: halt 1
; = 1 + 3 + 1 + 1 + 4 + 1 + 1 + 2 + 1 = 15; frame total 92 + 15 = 107
; expect: cycles 107 retval 2
	immed[ab0, 2]
	br[l1]
	nop
l1:	immed[a2, 5]
	alu[--, a2, sub, 5]
	beq[l2]
	nop
l2:	bne[l2]
	br[l3], defer[2]
	nop
	nop
l3:	halt
