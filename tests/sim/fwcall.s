; A firmware routine with no memory: udiv64 = 1 + 70 busy cycles.
; 4 immed + fwcall 71 + alu + halt = 77; frame 92 + 77 = 169
; 1000 / 7 = 142
; expect: cycles 169 retval 142
	immed[ab28, 1000]
	immed[ab29, 0]
	immed[ab30, 7]
	immed[ab31, 0]
	fwcall[udiv64]
	alu[ab0, --, pass, a28]
	halt
