namespace Nabla.NN.Models;

/// <summary>
/// The input shape [C, H, W] a zoo model was built for, and the view that turns a batch of images into [N, C, H, W]:
/// [N, C·H·W] (flat rows, as the CLI loads them), [N, H, W] (one channel) and [N, C, H, W] are all accepted.
/// </summary>
public readonly record struct ImageInput
{
    public int Channels { get; }
    public int Height { get; }
    public int Width { get; }

    public ImageInput(int[] inputShape, string model)
    {
        ArgumentNullException.ThrowIfNull(inputShape);
        if (inputShape.Length != 3 || inputShape.Any(d => d <= 0))
            throw new ArgumentException($"{model}: the input shape must be [C, H, W] with positive sizes, got {ShapeUtil.Format(inputShape)}.", nameof(inputShape));
        (Channels, Height, Width) = (inputShape[0], inputShape[1], inputShape[2]);
    }

    public int Features => Channels * Height * Width;

    /// <summary>The batch as [N, C, H, W] (a view when possible).</summary>
    public Tensor ToImages(Tensor input, string model)
    {
        var s = input.ShapeRef;
        bool fits = s.Length switch
        {
            2 => s[1] == Features,
            3 => Channels == 1 && s[1] == Height && s[2] == Width,
            4 => s[1] == Channels && s[2] == Height && s[3] == Width,
            _ => false,
        };
        if (!fits)
            throw new ArgumentException($"{model}: expected images [N, {Channels}, {Height}, {Width}] (or [N, {Features}]), got {ShapeUtil.Format(s)}.", nameof(input));
        return s.Length == 4 ? input : input.Reshape(s[0], Channels, Height, Width);
    }

    public override string ToString() => $"[{Channels}, {Height}, {Width}]";
}
