namespace Momentary.Testing.Processes;

/// <summary>The Linux signals fault-injection tests send (numbers as on x86-64 and arm64).</summary>
public enum UnixSignal
{
    /// <summary>SIGKILL: the process dies at once, without running any handler (a crash, an OOM kill).</summary>
    Kill = 9,

    /// <summary>SIGTERM: a polite stop (Kubernetes, systemd); .NET hosts drain and exit.</summary>
    Term = 15,

    /// <summary>SIGCONT: resumes a stopped process.</summary>
    Cont = 18,

    /// <summary>SIGSTOP: freezes the process (it keeps its sockets open but answers nothing) until SIGCONT.</summary>
    Stop = 19,
}
