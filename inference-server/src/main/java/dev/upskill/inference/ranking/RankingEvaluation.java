package dev.upskill.inference.ranking;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * Evaluates learning to rank on a {@link RankingSimulator} company: fits {@link PairwiseLogisticTrainer} on the
 * outcomes of {@code --train} simulated employees (shown lists ranked by the default weights), then reports NDCG@10
 * of the default and the learned weights on {@code --test} held-out employees, with the employees' true
 * probabilities of closing their gaps as graded relevance (and the oracle, 1.0, for reference).
 *
 * <pre>java -cp inference-server/target/upskill-inference-server-*.jar:... \
 *     dev.upskill.inference.ranking.RankingEvaluation --train 2000 --test 1000</pre>
 */
@Command(name = "ranking-evaluation", mixinStandardHelpOptions = true,
        description = "NDCG@10 of learned vs default ranking weights on simulated held-out employees.")
public final class RankingEvaluation implements Callable<Integer> {

    @Option(names = "--courses", defaultValue = "2000", description = "Simulated courses (default ${DEFAULT-VALUE}).")
    int courses;

    @Option(names = "--train", defaultValue = "2000", description = "Employees whose outcomes train (default ${DEFAULT-VALUE}).")
    int train;

    @Option(names = "--test", defaultValue = "1000", description = "Held-out employees (default ${DEFAULT-VALUE}).")
    int test;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    /** NDCG@10 of both weightings, the learned weights and the number of training pairs. */
    public record Result(double defaultNdcg, double learnedNdcg, RankingWeights learned, int pairs) {
    }

    public static Result evaluate(int courses, int train, int test, long seed) {
        RankingSimulator simulator = new RankingSimulator(courses, seed);
        List<PairwiseLogisticTrainer.Pair> pairs = new ArrayList<>();
        for (int e = 0; e < train; e++) {
            pairs.addAll(simulator.outcomes(simulator.employee(), RankingWeights.DEFAULT));
        }
        RankingWeights learned = new PairwiseLogisticTrainer().fit(pairs, "simulated");
        double defaults = 0;
        double fitted = 0;
        for (int e = 0; e < test; e++) {
            List<RankingSimulator.Candidate> candidates = simulator.employee();
            defaults += RankingSimulator.ndcg(candidates, RankingWeights.DEFAULT, 10);
            fitted += RankingSimulator.ndcg(candidates, learned, 10);
        }
        return new Result(defaults / test, fitted / test, learned, pairs.size());
    }

    @Override
    public Integer call() {
        Result result = evaluate(courses, train, test, seed);
        System.out.printf(Locale.ROOT, "training pairs: %d from %d employees; held-out employees: %d%n",
                result.pairs(), train, test);
        System.out.printf(Locale.ROOT, "NDCG@10 default weights: %.4f%n", result.defaultNdcg());
        System.out.printf(Locale.ROOT, "NDCG@10 learned weights: %.4f%n", result.learnedNdcg());
        for (int i = 0; i < RankingWeights.FEATURES.size(); i++) {
            System.out.printf(Locale.ROOT, "  %-36s default %.3f  learned %.3f%n", RankingWeights.FEATURES.get(i),
                    RankingWeights.DEFAULT.weight(i), result.learned().weight(i));
        }
        return 0;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new RankingEvaluation()).execute(args));
    }
}
