return Nabla.Cli.NablaCommand.Run(args);
