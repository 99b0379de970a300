using System.Buffers.Binary;

namespace Nabla.Fuzz;

/// <summary>
/// Format-blind mutations, as AFL's havoc stage does them: bit flips, random bytes, inserted/deleted/duplicated
/// blocks, "interesting" integers (boundaries where length and offset checks go wrong) and splices of two inputs.
/// </summary>
public static class ByteMutator
{
    /// <summary>Values around the edges of signed/unsigned 8..64-bit ranges, and small counts.</summary>
    public static readonly long[] InterestingIntegers =
    [
        0, 1, 2, 7, 8, 9, 15, 16, 17, 31, 32, 63, 64, 100, 127, 128, 255, 256, 512, 1000, 1024, 4096, 32767, 32768, 65535,
        65536, 100_000_000, 100_000_001, int.MaxValue, (long)int.MaxValue + 1, uint.MaxValue, (long)uint.MaxValue + 1,
        long.MaxValue, long.MinValue, -1, -2, -128, -129, -32768, int.MinValue,
    ];

    public static byte[] Mutate(byte[] input, byte[] other, Random random) => random.Next(8) switch
    {
        0 => FlipBit(input, random),
        1 => SetByte(input, random),
        2 => Insert(input, random),
        3 => Delete(input, random),
        4 => DuplicateBlock(input, random),
        5 => Splice(input, other, random),
        _ => WriteInteger(input, random),
    };

    private static byte[] FlipBit(byte[] input, Random random)
    {
        if (input.Length == 0) return [(byte)random.Next(256)];
        var bytes = (byte[])input.Clone();
        int bit = random.Next(bytes.Length * 8);
        bytes[bit / 8] ^= (byte)(1 << (bit % 8));
        return bytes;
    }

    private static byte[] SetByte(byte[] input, Random random)
    {
        if (input.Length == 0) return [(byte)random.Next(256)];
        var bytes = (byte[])input.Clone();
        bytes[random.Next(bytes.Length)] = random.Next(3) == 0 ? (byte)"{}[]\",:0123456789-\\u "[random.Next(21)] : (byte)random.Next(256);
        return bytes;
    }

    private static byte[] Insert(byte[] input, Random random)
    {
        int at = random.Next(input.Length + 1);
        var block = new byte[BlockLength(random)];
        if (random.Next(2) == 0) random.NextBytes(block);
        else block.AsSpan().Fill((byte)random.Next(256));
        return [.. input.AsSpan(0, at), .. block, .. input.AsSpan(at)];
    }

    private static byte[] Delete(byte[] input, Random random)
    {
        if (input.Length == 0) return input;
        int at = random.Next(input.Length);
        int length = Math.Min(BlockLength(random), input.Length - at);
        return [.. input.AsSpan(0, at), .. input.AsSpan(at + length)];
    }

    private static byte[] DuplicateBlock(byte[] input, Random random)
    {
        if (input.Length == 0) return input;
        int from = random.Next(input.Length);
        int length = Math.Min(BlockLength(random), input.Length - from);
        int at = random.Next(input.Length + 1);
        return [.. input.AsSpan(0, at), .. input.AsSpan(from, length), .. input.AsSpan(at)];
    }

    /// <summary>The head of one input joined to the tail of another, cut at random points.</summary>
    private static byte[] Splice(byte[] input, byte[] other, Random random)
    {
        int a = random.Next(input.Length + 1), b = random.Next(other.Length + 1);
        return [.. input.AsSpan(0, a), .. other.AsSpan(b)];
    }

    /// <summary>An interesting integer over 1, 2, 4 or 8 bytes, little- or big-endian; often at offset 0, where most
    /// binary formats keep a length.</summary>
    private static byte[] WriteInteger(byte[] input, Random random)
    {
        int width = 1 << random.Next(4);
        if (input.Length < width) return Insert(input, random);
        var bytes = (byte[])input.Clone();
        int at = random.Next(3) == 0 ? 0 : random.Next(bytes.Length - width + 1);
        long value = InterestingIntegers[random.Next(InterestingIntegers.Length)] + random.Next(-1, 2);
        Span<byte> wide = stackalloc byte[8];
        if (random.Next(4) == 0) BinaryPrimitives.WriteInt64BigEndian(wide, value << (64 - 8 * width));
        else BinaryPrimitives.WriteInt64LittleEndian(wide, value);
        wide[..width].CopyTo(bytes.AsSpan(at));
        return bytes;
    }

    /// <summary>Mostly short blocks, sometimes long ones.</summary>
    private static int BlockLength(Random random) => random.Next(10) == 0 ? random.Next(1, 4096) : random.Next(1, 17);
}
