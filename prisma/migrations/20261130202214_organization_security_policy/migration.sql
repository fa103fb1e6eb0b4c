-- AlterTable
ALTER TABLE "Organization" ADD COLUMN     "breakGlassUserIds" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "ipAllowlist" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "ipAllowlistAppliesToScim" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "mfaPolicy" TEXT NOT NULL DEFAULT 'off',
ADD COLUMN     "mfaSsoExempt" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "sessionIdleMinutes" INTEGER,
ADD COLUMN     "sessionMaxAgeMinutes" INTEGER,
ADD COLUMN     "signInMethods" TEXT NOT NULL DEFAULT 'any';
