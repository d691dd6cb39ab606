; Queueing on one unit: three back-to-back IMEM reads (service 2 cycles).
; immed T+1; reads leave T+2, T+3, T+4; the unit starts them at T+2, T+4,
; T+6, so they complete at T+124, T+126, T+128 (latency 122).
; ctx_arb at T+4 -> T+5, swap -> T+7, wakes T+128; halt T+129.
; frame 92 + 129 = 221
; expect: cycles 221 retval 0
	immed[a2, 0x2000, <<16]
	imem[read, $0, a2, 0, 1], sig_done[s1]
	imem[read, $1, a2, 0, 1], sig_done[s2]
	imem[read, $2, a2, 0, 1], sig_done[s3]
	ctx_arb[s1, s2, s3]
	halt
