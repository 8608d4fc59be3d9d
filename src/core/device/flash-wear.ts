// Flash wear of the state partition (LittleFS), as a figure the design is held to: at least
// MIN_YEARS before the busiest block reaches the flash's rated erase cycles.
//
// The model, for one small file rewritten at a fixed interval by writeAtomic (temporary, then
// rename) on LittleFS v2:
//  - file data: LittleFS is copy-on-write and inlines only files up to its cache size (16 bytes
//    in the SDK's build), so each write programs ceil(size / block) fresh blocks, each erased
//    first;
//  - metadata: each write appends a few commits to the directory's metadata pair (create the
//    temporary, sync its size and block, rename over the target); a full metadata block is
//    compacted into its twin, one erase per block's worth of commits;
//  - wear levelling: the block allocator walks the whole partition, so data erases spread over
//    every block not held by other files; the metadata pair is moved every `block_cycles` (500)
//    erases, so its wear spreads the same way. LittleFS has no static wear levelling: blocks of
//    files that never change do not take part, hence `heldBlocks`.

export interface WearInput {
	/** Bytes of the file written. */
	fileBytes: number;
	/** Seconds between writes. */
	intervalS: number;
	partitionBytes: number;
	/** Erase block (4096 on the ESP32's flash). */
	blockBytes: number;
	/** Blocks held by files that rarely change, and the root metadata pair. */
	heldBlocks: number;
	/** Metadata bytes committed per write (the three commits of writeAtomic, prog-size padded). */
	metaBytesPerWrite: number;
	/** Rated erase cycles of a block. */
	endurance: number;
}

export interface Wear {
	writesPerYear: number;
	erasesPerYear: number;
	/** Erase cycles per block per year, spread over the blocks that take part. */
	cyclesPerBlockPerYear: number;
	/** Years until a block reaches `endurance`. */
	years: number;
}

export const SECONDS_PER_YEAR = 365.25 * 24 * 3600;
export const MIN_YEARS = 20;

/** The state partition of both boards (boards/ * /partitions.csv: storage 0x70000) and the ESP32's flash. */
export const STATE_FLASH = Object.freeze({
	partitionBytes: 0x70000,
	blockBytes: 4096,
	/** Peaks A and B, last day, settings copy, checkpoint, root metadata pair, 2 spare. */
	heldBlocks: 9,
	/** Create (name + struct tags) ~48, sync (ctz struct) ~32, rename (delete + create + move) ~64, each with an 8-byte CRC tag, padded to 16. */
	metaBytesPerWrite: 176,
	/** Flash endurance the ESP32 modules' flash chips are rated for (the datasheets say 100k program/erase cycles). */
	endurance: 100000,
});

/**
 * Checkpoint interval on the device, s. Every 60 s (the PC default) gives about 19 years by this
 * model, short of MIN_YEARS; 120 s would give 37. 300 s gives about 90, a margin of more than 4
 * for what the model leaves out (other files' writes, metadata moves, a hot meter cupboard). A
 * power cut then loses at most 5 minutes of the open quarter's slot detail; its energy average
 * comes from the meter's registers and is not lost.
 */
export const DEVICE_CHECKPOINT_SECONDS = 300;

export function flashWear(w: WearInput): Wear {
	const blocks = Math.floor(w.partitionBytes / w.blockBytes) - w.heldBlocks;
	if (!(blocks > 0 && w.intervalS > 0 && w.fileBytes > 0)) throw new RangeError("bad wear input");
	const writesPerYear = SECONDS_PER_YEAR / w.intervalS;
	const perWrite = Math.ceil(w.fileBytes / w.blockBytes) + w.metaBytesPerWrite / w.blockBytes;
	const erasesPerYear = writesPerYear * perWrite;
	const cyclesPerBlockPerYear = erasesPerYear / blocks;
	return { writesPerYear, erasesPerYear, cyclesPerBlockPerYear, years: w.endurance / cyclesPerBlockPerYear };
}
