/**
 * Entry point for `cdktf synth` (cdktf.json's app, for users who have the CDKTF CLI): the stacks `stripe-config synth` writes, each for
 * the target its environment declares, into the folder the cdktf CLI reads.
 */
import { synthCommand } from '../ops';

// cdktf's App writes to $CDKTF_OUTDIR (set by the cdktf CLI), else ./cdktf.out.
synthCommand([], { outdir: process.env.CDKTF_OUTDIR ?? 'cdktf.out' });
