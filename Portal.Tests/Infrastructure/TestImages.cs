using System.Buffers.Binary;
using System.Text;

namespace Portal.Tests.Infrastructure;

/// <summary>
/// Real images for photo tests: a JPEG as Chromium encodes a canvas (JFIF, ICC profile, tables, one scan), a 1x1 PNG,
/// and the segments and chunks a phone or an editor adds to them, EXIF GPS included.
/// </summary>
public static class TestImages
{
    /// <summary>A 16x12 JPEG from Chromium's canvas.toDataURL('image/jpeg'): SOI, APP0 JFIF, APP2 ICC, DQT, SOF0, DHT, SOS, EOI.</summary>
    /// <param name="density">Made distinct by its JFIF pixel density (which a viewer keeps): 1 is as Chromium wrote it.</param>
    public static byte[] Jpeg(ushort density = 1)
    {
        var jpeg = Convert.FromBase64String("/9j/4AAQSkZJRgABAQAAAQABAAD/4gHYSUNDX1BST0ZJTEUAAQEAAAHIAAAAAAQwAABtbnRyUkdCIFhZWiAH4AABAAEAAAAAAABhY3NwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAQAA9tYAAQAAAADTLQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAlkZXNjAAAA8AAAACRyWFlaAAABFAAAABRnWFlaAAABKAAAABRiWFlaAAABPAAAABR3dHB0AAABUAAAABRyVFJDAAABZAAAAChnVFJDAAABZAAAAChiVFJDAAABZAAAAChjcHJ0AAABjAAAADxtbHVjAAAAAAAAAAEAAAAMZW5VUwAAAAgAAAAcAHMAUgBHAEJYWVogAAAAAAAAb6IAADj1AAADkFhZWiAAAAAAAABimQAAt4UAABjaWFlaIAAAAAAAACSgAAAPhAAAts9YWVogAAAAAAAA9tYAAQAAAADTLXBhcmEAAAAAAAQAAAACZmYAAPKnAAANWQAAE9AAAApbAAAAAAAAAABtbHVjAAAAAAAAAAEAAAAMZW5VUwAAACAAAAAcAEcAbwBvAGcAbABlACAASQBuAGMALgAgADIAMAAxADb/2wBDAAYEBQYFBAYGBQYHBwYIChAKCgkJChQODwwQFxQYGBcUFhYaHSUfGhsjHBYWICwgIyYnKSopGR8tMC0oMCUoKSj/2wBDAQcHBwoIChMKChMoGhYaKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCj/wAARCAAMABADASIAAhEBAxEB/8QAFgABAQEAAAAAAAAAAAAAAAAAAwAE/8QAHhAAAQMFAQEAAAAAAAAAAAAAAgABBAMREhNxBTH/xAAVAQEBAAAAAAAAAAAAAAAAAAAEBv/EAB0RAAEEAwEBAAAAAAAAAAAAAAECBBEhAANBEmH/2gAMAwEAAhEDEQA/AMfpSzi69bC+V75NxPCqlXjBUNmYiv8AOplIwSfUzWSW143WyQ2TpA2AyVzZF1EfR3mf/9k=");
        BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(14), density);
        BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(16), density);
        return jpeg;
    }

    /// <summary>A 1x1 PNG, made distinct by <paramref name="seed"/> in its pHYs chunk (which a viewer keeps).</summary>
    public static byte[] Png(uint seed = 2835)
    {
        var idat = Convert.FromBase64String("eNpjZPjPUA8AA4YBgA==");
        byte[] ihdr = [0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0];
        var phys = new byte[9];
        BinaryPrimitives.WriteUInt32BigEndian(phys, seed);
        BinaryPrimitives.WriteUInt32BigEndian(phys.AsSpan(4), seed);
        phys[8] = 1;
        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. Chunk("IHDR", ihdr), .. Chunk("pHYs", phys), .. Chunk("IDAT", idat), .. Chunk("IEND", [])];
    }

    /// <summary>A PNG chunk with its CRC-32 over type and data, as a decoder checks it.</summary>
    public static byte[] Chunk(string type, byte[] data)
    {
        var typeBytes = Encoding.ASCII.GetBytes(type);
        var chunk = new byte[12 + data.Length];
        BinaryPrimitives.WriteUInt32BigEndian(chunk, (uint)data.Length);
        typeBytes.CopyTo(chunk, 4);
        data.CopyTo(chunk, 8);
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + data.Length), Crc32([.. typeBytes, .. data]));
        return chunk;
    }

    /// <summary>A JPEG marker segment: 0xFF, the marker, the length, the body.</summary>
    public static byte[] Segment(byte marker, byte[] body)
    {
        var segment = new byte[4 + body.Length];
        segment[0] = 0xFF;
        segment[1] = marker;
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(2), (ushort)(body.Length + 2));
        body.CopyTo(segment, 4);
        return segment;
    }

    /// <summary>
    /// An EXIF APP1 body as a phone writes one: IFD0 with make, orientation and a pointer to a GPS IFD holding a
    /// latitude reference and a "GPS-Secret-Marker" processing method, in the byte order asked for.
    /// </summary>
    public static byte[] Exif(ushort orientation, bool littleEndian = true)
    {
        var tiff = new byte[128];
        void U16(int at, ushort v) { if (littleEndian) BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(at), v); else BinaryPrimitives.WriteUInt16BigEndian(tiff.AsSpan(at), v); }
        void U32(int at, uint v) { if (littleEndian) BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(at), v); else BinaryPrimitives.WriteUInt32BigEndian(tiff.AsSpan(at), v); }
        tiff[0] = tiff[1] = (byte)(littleEndian ? 'I' : 'M');
        U16(2, 42);
        U32(4, 8);
        U16(8, 3); // three entries
        U16(10, 0x010F); U16(12, 2); U32(14, 4); Encoding.ASCII.GetBytes("Cam\0").CopyTo(tiff, 18); // Make
        U16(22, 0x0112); U16(24, 3); U32(26, 1); U16(30, orientation); // Orientation
        U16(34, 0x8825); U16(36, 4); U32(38, 1); U32(42, 50); // GPS IFD at 50
        U32(46, 0);
        U16(50, 1);
        U16(52, 0x001B); U16(54, 7); U32(56, 17); U32(60, 70); // GPSProcessingMethod at 70
        U32(64, 0);
        Encoding.ASCII.GetBytes("GPS-Secret-Marker").CopyTo(tiff, 70);
        return [.. "Exif\0\0"u8.ToArray(), .. tiff];
    }

    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }
        return ~crc;
    }
}
