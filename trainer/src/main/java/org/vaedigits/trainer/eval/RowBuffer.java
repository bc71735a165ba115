package org.vaedigits.trainer.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One direct, 64-byte aligned float buffer that NDArrays are created on without a copy (DJL's
 * PyTorch engine wraps a direct buffer with torch::from_blob), reused from piece to piece. DJL's
 * {@code create(float[])} instead allocates a fresh direct buffer each time, which only a garbage
 * collection frees: over the thousands of pieces of an evaluation that is 100+ MB of resident
 * memory. An array made here must be closed before the buffer is filled again; the alignment
 * makes every piece start at the same offset within a vector register, so MKL computes a row
 * the same way in every thread.
 */
final class RowBuffer {
    private final ByteBuffer buffer;

    RowBuffer(int floats) {
        // room for the alignment: alignedSlice also rounds the end down to a multiple of 64
        int bytes = (floats * Float.BYTES + 63) / 64 * 64 + 64;
        buffer = ByteBuffer.allocateDirect(bytes).alignedSlice(64).order(ByteOrder.nativeOrder());
    }

    /** {@code values[from .. from + rows·width)} as an NDArray (rows, width) on this buffer. */
    NDArray rows(NDManager manager, float[] values, int from, int rows, int width) {
        int floats = rows * width;
        buffer.clear();
        buffer.asFloatBuffer().put(values, from, floats);
        buffer.limit(floats * Float.BYTES);
        return manager.create(buffer, new Shape(rows, width), DataType.FLOAT32);
    }
}
