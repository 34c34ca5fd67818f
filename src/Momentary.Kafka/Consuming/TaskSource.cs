using Akka.Streams;
using Akka.Streams.Stage;

namespace Momentary.Kafka.Consuming;

/// <summary>
/// A task's sub-source. It emits nothing until the task's ownership epoch is claimed; then, on each pull, it takes
/// what the task's lanes hold in merge order, up to <c>maxBatch</c> records, as one element. An idle task therefore
/// emits batches of one (no added latency); a busy one full batches, paying the stream's per-element cost once per
/// batch. It completes when the task is revoked.
/// </summary>
internal sealed class TaskSource : GraphStage<SourceShape<CommittableBatch>>
{
    private readonly ConsumerTask _task;
    private readonly int _maxBatch;

    public TaskSource(ConsumerTask task, int maxBatch)
    {
        _task = task;
        _maxBatch = maxBatch;
        Shape = new SourceShape<CommittableBatch>(Out);
    }

    public Outlet<CommittableBatch> Out { get; } = new("kafka.task.out");

    public override SourceShape<CommittableBatch> Shape { get; }

    protected override Attributes InitialAttributes { get; } = Attributes.CreateName("kafka-task");

    protected override GraphStageLogic CreateLogic(Attributes inheritedAttributes) => new Logic(this);

    private sealed class Logic : TimerGraphStageLogic, IOutHandler
    {
        private const string IdleTimer = "idle";
        private readonly TaskSource _stage;
        private Action<Task<long>>? _onEpoch;
        private Action? _onWake;
        private long? _epoch;

        public Logic(TaskSource stage)
            : base(stage.Shape)
        {
            _stage = stage;
            SetHandler(stage.Out, this);
        }

        public override void PreStart()
        {
            _onEpoch = GetAsyncCallback<Task<long>>(OnEpoch);
            _onWake = GetAsyncCallback(OnWake);
            var epoch = _stage._task.Epoch;
            if (epoch.IsCompleted)
            {
                OnEpoch(epoch);
            }
            else
            {
                epoch.ContinueWith(_onEpoch, TaskScheduler.Default);
            }
        }

        public void OnPull() => TryPush();

        public void OnDownstreamFinish(Exception cause) => CompleteStage();

        protected override void OnTimer(object timerKey) => OnWake();

        private void OnEpoch(Task<long> claimed)
        {
            if (!claimed.IsCompletedSuccessfully)
            {
                FailStage(claimed.Exception?.GetBaseException() ?? new OperationCanceledException("the ownership epoch claim was cancelled"));
                return;
            }

            _epoch = claimed.Result;
            OnWake();
        }

        private void OnWake()
        {
            if (IsAvailable(_stage.Out))
            {
                TryPush();
            }
        }

        private void TryPush()
        {
            if (_epoch is not { } epoch)
            {
                return; // pushed once the epoch is claimed
            }

            var task = _stage._task;
            if (task.TryTake(_stage._maxBatch, epoch, _onWake!, out var retryIn) is { } batch)
            {
                Push(_stage.Out, batch);
                return;
            }

            if (task.Status != TaskOwnership.Active)
            {
                CompleteStage(); // revoked, or the consumer is draining
                return;
            }

            if (retryIn > TimeSpan.Zero)
            {
                ScheduleOnce(IdleTimer, retryIn);
            }
        }
    }
}
