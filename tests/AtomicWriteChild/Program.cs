using Nabla.IO;

// Usage: AtomicWriteChild <target> <megabytes>
// Starts AtomicFile.Write(target), writes the given number of MiB, says "writing" on stdout and then waits forever
// inside the write, so the parent can kill it mid-save as a crash or an impatient user would.
if (args.Length != 2 || !int.TryParse(args[1], out int megabytes))
{
    Console.Error.WriteLine("usage: AtomicWriteChild <target> <megabytes>");
    return 2;
}
AtomicFile.Write(args[0], stream =>
{
    var chunk = new byte[1 << 20];
    chunk.AsSpan().Fill(0xAB);
    for (int i = 0; i < megabytes; i++) stream.Write(chunk);
    stream.Flush();
    Console.Out.WriteLine("writing");
    Console.Out.Flush();
    Thread.Sleep(Timeout.Infinite);
});
return 0;
