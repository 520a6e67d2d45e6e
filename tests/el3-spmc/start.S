// SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
/*
 * EL3 test firmware: reset entry, exception vectors, entry to the normal
 * world.  Runs with the MMU off (see README.md).
 */

#define STACK_SIZE 0x4000
#define MAX_CPUS 4

	.section .text.boot, "ax"
	.global _start
_start:
	mrs	x0, mpidr_el1
	and	x0, x0, #0xff
	cmp	x0, #MAX_CPUS
	b.hs	park_forever
	/* sp = el3_stacks + (cpu + 1) * STACK_SIZE */
	ldr	x1, =el3_stacks
	add	x2, x0, #1
	mov	x3, #STACK_SIZE
	madd	x1, x2, x3, x1
	mov	sp, x1
	ldr	x1, =el3_vectors
	msr	vbar_el3, x1
	isb
	cbnz	x0, 2f
	/* CPU 0: .data from flash, .bss zeroed (other CPUs wait in C). */
	ldr	x1, =__data_load
	ldr	x2, =__data_start
	ldr	x3, =__data_end
1:	cmp	x2, x3
	b.hs	1f
	ldr	x4, [x1], #8
	str	x4, [x2], #8
	b	1b
1:	ldr	x2, =__bss_start
	ldr	x3, =__bss_end
1:	cmp	x2, x3
	b.hs	1f
	str	xzr, [x2], #8
	b	1b
1:	dsb	sy
	bl	el3_main
	b	park_forever
2:	bl	el3_secondary_main
park_forever:
	wfe
	b	park_forever

/*
 * el3_enter_ns(entry, x0, stack_top): leave for NS EL2h at entry with
 * x0, every other general register zero, the EL3 stack reset.
 */
	.global el3_enter_ns
el3_enter_ns:
	mov	sp, x2
	msr	elr_el3, x0
	mov	x0, #0x3c9		/* EL2h, DAIF masked */
	msr	spsr_el3, x0
	mov	x0, x1
	mov	x1, xzr
	mov	x2, xzr
	mov	x3, xzr
	mov	x4, xzr
	mov	x5, xzr
	mov	x6, xzr
	mov	x7, xzr
	mov	x8, xzr
	mov	x9, xzr
	mov	x10, xzr
	mov	x11, xzr
	mov	x12, xzr
	mov	x13, xzr
	mov	x14, xzr
	mov	x15, xzr
	mov	x16, xzr
	mov	x17, xzr
	mov	x18, xzr
	mov	x19, xzr
	mov	x20, xzr
	mov	x21, xzr
	mov	x22, xzr
	mov	x23, xzr
	mov	x24, xzr
	mov	x25, xzr
	mov	x26, xzr
	mov	x27, xzr
	mov	x28, xzr
	mov	x29, xzr
	mov	x30, xzr
	isb
	eret

/* Any exception but an SMC or FIQ from a lower EL: report and stop. */
	.macro	bad kind
	.balign	0x80
	mov	x0, #\kind
	mrs	x1, esr_el3
	mrs	x2, elr_el3
	mrs	x3, far_el3
	bl	el3_unexpected
	b	park_forever
	.endm

	.section .text.vectors, "ax"
	.balign	0x800
	.global el3_vectors
el3_vectors:
	bad	0	/* current EL, SP0: sync */
	bad	1
	bad	2
	bad	3
	bad	4	/* current EL, SPx */
	bad	5
	bad	6
	bad	7
	.balign	0x80	/* lower EL, AArch64: sync */
	b	lower_sync
	bad	9
	bad	10	/* lower EL FIQ: no Group 0 interrupt is ever enabled */
	bad	11
	bad	12	/* lower EL, AArch32 */
	bad	13
	bad	14
	bad	15

lower_sync:
	sub	sp, sp, #(20 * 8)
	stp	x0, x1, [sp, #0]
	stp	x2, x3, [sp, #16]
	stp	x4, x5, [sp, #32]
	stp	x6, x7, [sp, #48]
	stp	x8, x9, [sp, #64]
	stp	x10, x11, [sp, #80]
	stp	x12, x13, [sp, #96]
	stp	x14, x15, [sp, #112]
	stp	x16, x17, [sp, #128]
	stp	x18, x30, [sp, #144]
	mrs	x1, esr_el3
	lsr	x2, x1, #26
	cmp	x2, #0x17		/* EC: SMC from AArch64 */
	b.ne	1f
	mov	x0, sp
	bl	el3_smc
	ldp	x0, x1, [sp, #0]
	ldp	x2, x3, [sp, #16]
	ldp	x4, x5, [sp, #32]
	ldp	x6, x7, [sp, #48]
	ldp	x8, x9, [sp, #64]
	ldp	x10, x11, [sp, #80]
	ldp	x12, x13, [sp, #96]
	ldp	x14, x15, [sp, #112]
	ldp	x16, x17, [sp, #128]
	ldp	x18, x30, [sp, #144]
	add	sp, sp, #(20 * 8)
	eret
1:	mov	x0, #8
	mrs	x2, elr_el3
	mrs	x3, far_el3
	bl	el3_unexpected
	b	park_forever

	.section .bss.stacks, "aw", %nobits
	.balign	16
	.global el3_stacks
el3_stacks:
	.space	STACK_SIZE * MAX_CPUS
