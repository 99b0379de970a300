using System.Buffers.Binary;
using System.Text;

namespace Nabla.Bench;

/// <summary>
/// Marks selected symbol-version requirements (Elf64_Vernaux entries in <c>.gnu.version_r</c>) of an ELF64
/// little-endian shared object as weak (<c>VER_FLG_WEAK</c>), so that glibc's loader does not refuse to load
/// the object when the version is missing from the system library. glibc only reports a missing *weak*
/// version under <c>ldd -v</c>/LD_TRACE; it is not an error.
/// </summary>
/// <remarks>
/// Safety check: a version is only weakened when no dynamic relocation (SHT_RELA sections linked to
/// <c>.dynsym</c>) references a symbol bound to that version. Such a symbol is then never looked up by the
/// loader, so its absence cannot matter. If a relocation does reference one, the patch is refused.
/// The file is rewritten atomically (temp file in the same directory, then rename), and the operation is
/// idempotent (an already-weak requirement is left alone and the file is not touched).
/// </remarks>
public static class ElfVersionPatcher
{
    const uint SHT_RELA = 4;
    const uint SHT_GNU_verneed = 0x6ffffffe;
    const uint SHT_GNU_versym = 0x6fffffff;
    const uint SHT_DYNSYM = 11;
    const ushort VER_FLG_WEAK = 0x2;

    public enum Outcome { Patched, AlreadyWeak, NotRequired, Refused }

    public sealed record Result(string Path, Outcome Outcome, string Detail);

    /// <summary>Weakens the requirement on <paramref name="versionName"/> (from <paramref name="fromFile"/>, e.g. "libstdc++.so.6").</summary>
    public static Result WeakenVersionRequirement(string path, string fromFile, string versionName)
    {
        byte[] elf = File.ReadAllBytes(path);
        var patched = TryPatch(elf, fromFile, versionName, out var outcome, out var detail);
        if (patched)
        {
            string tmp = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
            try
            {
                File.WriteAllBytes(tmp, elf);
                if (!OperatingSystem.IsWindows())
                    File.SetUnixFileMode(tmp, File.GetUnixFileMode(path));
                File.Move(tmp, path, overwrite: true); // rename(2): atomic replacement on the same file system
            }
            finally
            {
                if (File.Exists(tmp)) File.Delete(tmp);
            }
        }
        return new Result(path, outcome, detail);
    }

    /// <summary>Patches the in-memory image; returns true if <paramref name="elf"/> was modified.</summary>
    public static bool TryPatch(byte[] elf, string fromFile, string versionName, out Outcome outcome, out string detail)
    {
        var span = elf.AsSpan();
        if (elf.Length < 64 || span[0] != 0x7f || span[1] != (byte)'E' || span[2] != (byte)'L' || span[3] != (byte)'F')
            throw new InvalidDataException("not an ELF file");
        if (span[4] != 2 || span[5] != 1)
            throw new InvalidDataException("only ELF64 little-endian is supported");

        ulong shoff = U64(span, 0x28);
        int shentsize = U16(span, 0x3A);
        int shnum = U16(span, 0x3C);
        if (shoff == 0 || shnum == 0 || shentsize < 64)
            throw new InvalidDataException("ELF file has no section headers");

        var sections = new Section[shnum];
        for (int i = 0; i < shnum; i++)
        {
            var sh = span.Slice(checked((int)shoff + i * shentsize), 64);
            sections[i] = new Section(
                Type: U32(sh, 4), Offset: checked((int)U64(sh, 24)), Size: checked((int)U64(sh, 32)),
                Link: (int)U32(sh, 40), Info: (int)U32(sh, 44), EntSize: checked((int)U64(sh, 56)));
        }

        int verneedIdx = Array.FindIndex(sections, s => s.Type == SHT_GNU_verneed);
        if (verneedIdx < 0) { outcome = Outcome.NotRequired; detail = "no .gnu.version_r section"; return false; }
        var verneed = sections[verneedIdx];
        var dynstr = sections[verneed.Link];

        // Walk the Verneed chain (sh_info entries) and each one's Vernaux chain.
        int vnOff = verneed.Offset;
        for (int n = 0; n < verneed.Info; n++)
        {
            // Elf64_Verneed: vn_version u16, vn_cnt u16, vn_file u32, vn_aux u32, vn_next u32
            int cnt = U16(span, vnOff + 2);
            string file = Str(span, dynstr, U32(span, vnOff + 4));
            int auxOff = vnOff + (int)U32(span, vnOff + 8);
            for (int a = 0; a < cnt; a++)
            {
                // Elf64_Vernaux: vna_hash u32, vna_flags u16, vna_other u16, vna_name u32, vna_next u32
                ushort flags = U16(span, auxOff + 4);
                ushort other = U16(span, auxOff + 6);
                string name = Str(span, dynstr, U32(span, auxOff + 8));
                if (file == fromFile && name == versionName)
                {
                    if ((flags & VER_FLG_WEAK) != 0)
                    {
                        outcome = Outcome.AlreadyWeak; detail = $"{versionName} from {fromFile} already weak";
                        return false;
                    }
                    var (symbols, relocs) = ReferencesToVersion(span, sections, other);
                    if (relocs.Count > 0)
                    {
                        outcome = Outcome.Refused;
                        detail = $"relocations reference {versionName} symbols: {string.Join(", ", relocs)}";
                        return false;
                    }
                    BinaryPrimitives.WriteUInt16LittleEndian(span.Slice(auxOff + 4), (ushort)(flags | VER_FLG_WEAK));
                    outcome = Outcome.Patched;
                    detail = $"{versionName} from {fromFile} marked weak (version index {other}; symbols bound to it: " +
                             $"{(symbols.Count == 0 ? "none" : string.Join(", ", symbols))}; no relocation references them)";
                    return true;
                }
                uint auxNext = U32(span, auxOff + 12);
                if (auxNext == 0) break;
                auxOff += (int)auxNext;
            }
            uint vnNext = U32(span, vnOff + 12);
            if (vnNext == 0) break;
            vnOff += (int)vnNext;
        }
        outcome = Outcome.NotRequired; detail = $"{versionName} from {fromFile} not required";
        return false;
    }

    /// <summary>Dynamic symbols whose .gnu.version index is <paramref name="versionIndex"/>, and the relocations that use them.</summary>
    static (List<string> Symbols, List<string> Relocations) ReferencesToVersion(ReadOnlySpan<byte> span, Section[] sections, int versionIndex)
    {
        var symbols = new List<string>();
        var relocs = new List<string>();
        int dynsymIdx = Array.FindIndex(sections, s => s.Type == SHT_DYNSYM);
        int versymIdx = Array.FindIndex(sections, s => s.Type == SHT_GNU_versym);
        if (dynsymIdx < 0 || versymIdx < 0) return (symbols, relocs);
        var dynsym = sections[dynsymIdx];
        var versym = sections[versymIdx];
        var strtab = sections[dynsym.Link];
        int nsym = dynsym.Size / 24; // sizeof(Elf64_Sym)
        var bound = new HashSet<int>();
        for (int i = 0; i < nsym; i++)
        {
            int v = U16(span, versym.Offset + 2 * i) & 0x7fff; // bit 15 = hidden
            if (v != versionIndex) continue;
            bound.Add(i);
            symbols.Add(Str(span, strtab, U32(span, dynsym.Offset + 24 * i)));
        }
        if (bound.Count == 0) return (symbols, relocs);
        for (int s = 0; s < sections.Length; s++)
        {
            var sec = sections[s];
            if (sec.Type != SHT_RELA || sec.Link != dynsymIdx) continue;
            for (int off = sec.Offset; off + 24 <= sec.Offset + sec.Size; off += 24)
            {
                // Elf64_Rela: r_offset u64, r_info u64 (sym << 32 | type), r_addend i64
                int sym = (int)(U64(span, off + 8) >> 32);
                if (bound.Contains(sym))
                    relocs.Add($"{Str(span, strtab, U32(span, dynsym.Offset + 24 * sym))}@0x{U64(span, off):x}");
            }
        }
        return (symbols, relocs);
    }

    readonly record struct Section(uint Type, int Offset, int Size, int Link, int Info, int EntSize);

    static ushort U16(ReadOnlySpan<byte> s, int off) => BinaryPrimitives.ReadUInt16LittleEndian(s.Slice(off));
    static uint U32(ReadOnlySpan<byte> s, int off) => BinaryPrimitives.ReadUInt32LittleEndian(s.Slice(off));
    static ulong U64(ReadOnlySpan<byte> s, int off) => BinaryPrimitives.ReadUInt64LittleEndian(s.Slice(off));

    static string Str(ReadOnlySpan<byte> s, Section strtab, uint index)
    {
        var rest = s.Slice(strtab.Offset + (int)index, strtab.Size - (int)index);
        int len = rest.IndexOf((byte)0);
        return Encoding.ASCII.GetString(len < 0 ? rest : rest[..len]);
    }
}
