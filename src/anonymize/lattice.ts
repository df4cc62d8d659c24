/**
 * The generalization lattice: one node per combination of levels, indexed in mixed radix
 * (quasi-identifier 0 varies fastest). A node is more general than another when every level is
 * at least as high.
 */
export class Lattice {
  readonly heights: readonly number[];
  readonly radix: Int32Array;
  readonly size: number;

  constructor(heights: readonly number[]) {
    this.heights = heights;
    this.radix = new Int32Array(heights.length);
    let size = 1;
    heights.forEach((h, q) => {
      this.radix[q] = size;
      size *= h;
    });
    this.size = size;
  }

  levels(node: number): Int32Array {
    const out = new Int32Array(this.heights.length);
    this.heights.forEach((h, q) => (out[q] = Math.floor(node / this.radix[q]!) % h));
    return out;
  }

  index(levels: ArrayLike<number>): number {
    let node = 0;
    this.heights.forEach((_, q) => (node += levels[q]! * this.radix[q]!));
    return node;
  }

  /** Direct successors: one level higher in one quasi-identifier. */
  successors(node: number): number[] {
    const out: number[] = [];
    this.heights.forEach((h, q) => {
      if (Math.floor(node / this.radix[q]!) % h < h - 1) out.push(node + this.radix[q]!);
    });
    return out;
  }

  predecessors(node: number): number[] {
    const out: number[] = [];
    this.heights.forEach((h, q) => {
      if (Math.floor(node / this.radix[q]!) % h > 0) out.push(node - this.radix[q]!);
    });
    return out;
  }

  /** Sum of levels: the node's height in the lattice. */
  rank(node: number): number {
    let sum = 0;
    this.heights.forEach((h, q) => (sum += Math.floor(node / this.radix[q]!) % h));
    return sum;
  }

  /** True when `a` is at most as general as `b` in every quasi-identifier. */
  below(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
    for (let q = 0; q < this.heights.length; q++) if (a[q]! > b[q]!) return false;
    return true;
  }
}
