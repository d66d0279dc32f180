package dev.upskill.inference.prediction;

import com.google.protobuf.Timestamp;
import dev.upskill.proto.v1.AssignmentModelInfo;
import dev.upskill.proto.v1.ConfusionMatrix;
import dev.upskill.proto.v1.CrossValidation;
import dev.upskill.proto.v1.ForestParameters;
import dev.upskill.proto.v1.ModelMetrics;

import java.util.List;

/** Builds the {@code AssignmentModelInfo} and {@code ModelMetrics} messages of a training run. */
public final class ModelInfos {

    private ModelInfos() {
    }

    public static AssignmentModelInfo of(AssignmentTraining.Result run) {
        return AssignmentModelInfo.newBuilder()
                .setVersion(run.model().version())
                .setTrainedAt(Timestamp.newBuilder().setSeconds(run.trainedAt().getEpochSecond())
                        .setNanos(run.trainedAt().getNano()))
                .setTrainingMillis(run.trainingMillis())
                .setTrainingRows(run.trainingRows())
                .setTestRows(run.testRows().size())
                .addAllFeatures(AssignmentFeature.names())
                .setTestMetrics(metrics(run.testMetrics()))
                .setCrossValidation(crossValidation(run.folds()))
                .setThreshold(run.threshold())
                .setParameters(ForestParameters.newBuilder()
                        .setTrees(ForestTrainer.TREES)
                        .setMaxDepth(ForestTrainer.MAX_DEPTH)
                        .setMinRowsToSplit(ForestTrainer.MIN_ROWS_TO_SPLIT)
                        .setMinRowsPerLeaf(ForestTrainer.MIN_ROWS_PER_LEAF)
                        .setBalancedClasses(true)
                        .setSeed(run.seed()))
                .setDataSource(run.dataSource())
                .build();
    }

    public static ModelMetrics metrics(Metrics m) {
        return ModelMetrics.newBuilder()
                .setRows(m.rows())
                .setRocAuc(m.rocAuc())
                .setAccuracy(m.accuracy())
                .setPrecision(m.precision())
                .setRecall(m.recall())
                .setF1(m.f1())
                .setConfusionMatrix(ConfusionMatrix.newBuilder().setTruePositives(m.tp()).setFalsePositives(m.fp())
                        .setTrueNegatives(m.tn()).setFalseNegatives(m.fn()))
                .setThreshold(m.threshold())
                .build();
    }

    static CrossValidation crossValidation(List<Metrics> folds) {
        int k = folds.size();
        double auc = 0, acc = 0, prec = 0, rec = 0, f1 = 0;
        long rows = 0, tp = 0, fp = 0, tn = 0, fn = 0;
        CrossValidation.Builder cv = CrossValidation.newBuilder().setFolds(k);
        for (Metrics m : folds) {
            auc += m.rocAuc();
            acc += m.accuracy();
            prec += m.precision();
            rec += m.recall();
            f1 += m.f1();
            rows += m.rows();
            tp += m.tp();
            fp += m.fp();
            tn += m.tn();
            fn += m.fn();
            cv.addPerFold(metrics(m));
        }
        double threshold = folds.isEmpty() ? 0 : folds.get(0).threshold();
        cv.setMean(metrics(new Metrics(rows, auc / k, acc / k, prec / k, rec / k, f1 / k, tp, fp, tn, fn, threshold)));
        double meanAuc = auc / k;
        double meanF1 = f1 / k;
        double varAuc = 0, varF1 = 0;
        for (Metrics m : folds) {
            varAuc += (m.rocAuc() - meanAuc) * (m.rocAuc() - meanAuc);
            varF1 += (m.f1() - meanF1) * (m.f1() - meanF1);
        }
        return cv.setRocAucStddev(Math.sqrt(varAuc / k)).setF1Stddev(Math.sqrt(varF1 / k)).build();
    }
}
