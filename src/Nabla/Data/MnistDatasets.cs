namespace Nabla.Data;

/// <summary>
/// MNIST handwritten digits from a folder holding the standard IDX files, gzipped or not:
/// train-images-idx3-ubyte, train-labels-idx1-ubyte (60,000) and t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte
/// (10,000). Images are Float32 in [0, 1], labels Int64 0 … 9.
/// </summary>
public static class Mnist
{
    /// <summary>The training set (train: true) or the test set, as images [N, 28, 28] (or [N, 784] when flatten).</summary>
    /// <exception cref="FileNotFoundException">a file is missing; the message names the folder and the expected names.</exception>
    /// <exception cref="DataFormatException">a file is malformed, or images and labels differ in count.</exception>
    public static TensorDataset Load(string folder, bool train = true, bool flatten = false) =>
        IdxPair.Load("MNIST", folder, train, flatten, hint: null);
}

/// <summary>
/// Fashion-MNIST (Zalando's clothing images, same layout and file names as MNIST). Debian's package
/// dataset-fashion-mnist installs it in <see cref="DefaultFolder"/>.
/// </summary>
public static class FashionMnist
{
    /// <summary>Where Debian's dataset-fashion-mnist package puts the files.</summary>
    public const string DefaultFolder = "/usr/share/datasets/fashion-mnist";

    /// <summary>The class names, by label.</summary>
    public static IReadOnlyList<string> Classes { get; } =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>The training set (train: true) or the test set from folder (default <see cref="DefaultFolder"/>).</summary>
    /// <exception cref="FileNotFoundException">a file is missing; the message names the folder, the expected names and the package.</exception>
    /// <exception cref="DataFormatException">a file is malformed, or images and labels differ in count.</exception>
    public static TensorDataset Load(string? folder = null, bool train = true, bool flatten = false) =>
        IdxPair.Load("Fashion-MNIST", folder ?? DefaultFolder, train, flatten,
            hint: $" Debian's package dataset-fashion-mnist installs these files in {DefaultFolder}.");
}

/// <summary>Finds and reads an images + labels pair of IDX files named the MNIST way.</summary>
internal static class IdxPair
{
    public static TensorDataset Load(string dataset, string folder, bool train, bool flatten, string? hint)
    {
        ArgumentNullException.ThrowIfNull(folder);
        string prefix = train ? "train" : "t10k";
        string imagesPath = Find(dataset, folder, $"{prefix}-images-idx3-ubyte", hint);
        string labelsPath = Find(dataset, folder, $"{prefix}-labels-idx1-ubyte", hint);
        var images = Idx.ToImages(Idx.Read(imagesPath), imagesPath);
        var labels = Idx.ReadLabels(labelsPath);
        if (images.ShapeRef[0] != labels.ShapeRef[0])
            throw new DataFormatException(imagesPath, $"{images.ShapeRef[0]} images but {labels.ShapeRef[0]} labels in {labelsPath}");
        return new TensorDataset(flatten ? images.Reshape(images.ShapeRef[0], -1) : images, labels);
    }

    private static string Find(string dataset, string folder, string baseName, string? hint)
    {
        foreach (string candidate in new[] { baseName, baseName + ".gz" })
        {
            string path = Path.Combine(folder, candidate);
            if (File.Exists(path)) return path;
        }
        throw new FileNotFoundException(
            $"{dataset}: no {baseName} in folder '{folder}' (expected {baseName} or {baseName}.gz).{hint}", Path.Combine(folder, baseName));
    }
}
